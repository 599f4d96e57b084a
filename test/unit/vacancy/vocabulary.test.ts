import { describe, expect, it } from 'vitest';
import {
  ADMISSION_STATUSES,
  FUNDING_SOURCE_CODES,
  FUNDING_SOURCES,
  fundingSourceLabel,
  isNotAvailableReasonCode,
  isVacancyTypeCode,
  NOT_AVAILABLE_REASONS,
  notAvailableReasonLabel,
  SHORT_STAY_SERVICES,
  shortStayServiceLabel,
  VACANCY_TYPE_CODES,
  VACANCY_TYPES,
  vacancyTypeLabel,
} from '../../../shared/domain/vacancy';

describe('vocabulary', () => {
  it('has the ten long-term vacancy types in table order, with stable codes', () => {
    expect(VACANCY_TYPES.map((type) => type.label)).toEqual([
      'Community Care',
      'Dementia Nursing',
      'Dementia Residential',
      'General Nursing',
      'General Residential',
      'Learning Disability Nursing',
      'Learning Disability Residential',
      'Mental Health Nursing',
      'Mental Health Residential',
      'YPD (Young Physically Disabled)',
    ]);
    expect(VACANCY_TYPE_CODES).toEqual(VACANCY_TYPES.map((type) => type.code));
    expect(vacancyTypeLabel('general-residential')).toBe('General Residential');
    expect(vacancyTypeLabel('ypd')).toBe('YPD (Young Physically Disabled)');
  });

  it('has the five short-stay services and five not-available reasons', () => {
    expect(SHORT_STAY_SERVICES.map((service) => service.label)).toEqual([
      'Discharge to Assess',
      'Intermediate Care',
      'Reablement Support',
      'Rehabilitation',
      'Respite Care',
    ]);
    expect(shortStayServiceLabel('discharge-to-assess')).toBe('Discharge to Assess');
    expect(NOT_AVAILABLE_REASONS.map((reason) => reason.code)).toEqual([
      'covid-outbreak',
      'local-authority-safeguarding',
      'management-decision',
      'other-health-outbreak',
      'refurbishment',
    ]);
    expect(notAvailableReasonLabel('other-health-outbreak')).toBe('Other health outbreak (e.g. norovirus)');
  });

  it('has the four funding sources and the two admission statuses', () => {
    expect(FUNDING_SOURCE_CODES).toEqual(['sub-icb', 'local-authority', 'private', 'personal-health-budget']);
    expect(FUNDING_SOURCES).toHaveLength(4);
    expect(fundingSourceLabel('personal-health-budget')).toBe('Personal health budget');
    expect(ADMISSION_STATUSES.map((status) => status.label)).toEqual([
      'Accepting admissions',
      'Not accepting admissions',
    ]);
  });

  it('has unique codes, all lower-case kebab-case', () => {
    const all = [...SHORT_STAY_SERVICES, ...VACANCY_TYPES, ...NOT_AVAILABLE_REASONS, ...FUNDING_SOURCES].map(
      (term) => term.code,
    );
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('recognises codes, not labels', () => {
    expect(isVacancyTypeCode('dementia-nursing')).toBe(true);
    expect(isVacancyTypeCode('Dementia Nursing')).toBe(false);
    expect(isVacancyTypeCode('toString')).toBe(false);
    expect(isNotAvailableReasonCode('refurbishment')).toBe(true);
    expect(isNotAvailableReasonCode(1)).toBe(false);
  });
});
