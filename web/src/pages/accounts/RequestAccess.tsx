import { type FormEvent, useState } from 'react';
import { useApi } from '../../auth/AuthContext';
import { Button, ErrorSummary, errorFor, type FormError, Radios, Textarea } from '../../components/forms';
import { TwoThirds, usePageTitle } from '../../components/page';
import { type OrgType, orgTypeLabel, type Role } from '../../roles';
import { MyAccessRequests } from './MyAccessRequests';
import { type AccessRequest, OrganisationPicker, orgTypesFor, toFormErrors } from './shared';

const REQUESTABLE: ReadonlyArray<{ value: Role; label: string; hint: string }> = [
  { value: 'care-home-staff', label: 'Care home staff', hint: 'Update a care home’s vacancies and services' },
  {
    value: 'provider-approver',
    label: 'Provider approver',
    hint: 'Manage a provider’s care homes, approve their staff and use the bulk update',
  },
  { value: 'discharge', label: 'Discharge or brokerage team', hint: 'Find care home vacancies for patients' },
  { value: 'la-officer', label: 'Local authority officer', hint: 'Manage alerts and see homes not updating' },
  { value: 'commissioner', label: 'Commissioner', hint: 'See capacity across an area over time' },
  { value: 'supplier', label: 'Supplier platform', hint: 'Another bed-tracker platform sharing data' },
];

/** API field names to the inputs that show their errors. */
const FIELDS: Record<string, string> = { role: 'role', orgId: 'request-org', reason: 'reason' };

export default function RequestAccess() {
  const api = useApi();
  const [role, setRole] = useState<Role | ''>('');
  const [orgType, setOrgType] = useState<OrgType | ''>('');
  const [orgId, setOrgId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<AccessRequest | undefined>(undefined);
  usePageTitle(sent ? 'Request sent' : 'Request access', { error: errors.length > 0 });

  const types = role ? orgTypesFor(role) : [];
  const chosenType: OrgType | '' = types.length === 1 ? (types[0] ?? '') : orgType;

  const chooseRole = (value: string) => {
    setRole(value as Role);
    setOrgType('');
    setOrgId('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: FormError[] = [];
    if (!role) found.push({ field: 'role', message: 'Select the kind of access you need' });
    else if (!chosenType)
      found.push({ field: 'org-type', message: 'Select the kind of organisation you work for' });
    else if (!orgId) found.push({ field: 'request-org-q', message: 'Find and select your organisation' });
    if (reason.trim() === '') found.push({ field: 'reason', message: 'Enter why you need access' });
    else if (reason.trim().length > 1000)
      found.push({ field: 'reason', message: 'Reason must be 1000 characters or fewer' });
    if (found.length > 0) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      setSent(await api.post<AccessRequest>('/access-requests', { orgId, role, reason: reason.trim() }));
      setErrors([]);
    } catch (error) {
      setErrors(toFormErrors(error, FIELDS, 'Your request could not be sent. Try again later.'));
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <TwoThirds>
        <div className="nhsuk-panel">
          <h1 className="nhsuk-panel__heading">Request sent</h1>
          <div className="nhsuk-panel__body">
            You asked to join {sent.orgName}. Someone who approves for it will check your request.
          </div>
        </div>
        <p>We will email you when your request has been approved or rejected.</p>
        <h2 className="nhsuk-heading-m">Your requests</h2>
        <MyAccessRequests />
        <p>
          <a href="/account">Go to my account</a>
        </p>
      </TwoThirds>
    );
  }

  return (
    <TwoThirds>
      <ErrorSummary errors={errors} />
      <h1>Request access</h1>
      <p>
        Ask to join the organisation you work for. Someone who approves for it checks that you work there
        before you can use its information.
      </p>
      <form onSubmit={submit} noValidate>
        <Radios
          id="role"
          legend="What do you need to do?"
          options={REQUESTABLE}
          value={role}
          onChange={chooseRole}
          error={errorFor(errors, 'role')}
        />
        {types.length > 1 ? (
          <Radios
            id="org-type"
            legend="What kind of organisation do you work for?"
            options={types.map((t) => ({ value: t, label: orgTypeLabel(t) }))}
            value={orgType}
            onChange={(t) => {
              setOrgType(t as OrgType);
              setOrgId('');
            }}
            error={errorFor(errors, 'org-type')}
          />
        ) : null}
        {chosenType ? (
          <OrganisationPicker
            key={chosenType}
            idPrefix="request"
            orgType={chosenType}
            value={orgId}
            onChange={setOrgId}
            error={errorFor(errors, 'request-org-q') ?? errorFor(errors, 'request-org')}
          />
        ) : null}
        <Textarea
          id="reason"
          label="Why do you need access?"
          hint="For example, your job title and team. Do not include any patient information."
          value={reason}
          onChange={setReason}
          error={errorFor(errors, 'reason')}
        />
        <Button disabled={busy}>{busy ? 'Sending…' : 'Send request'}</Button>
      </form>
      <h2 className="nhsuk-heading-m">Your requests</h2>
      <MyAccessRequests />
    </TwoThirds>
  );
}
