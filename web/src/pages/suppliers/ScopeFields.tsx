import { errorFor, type FormError, Textarea } from '../../components/forms';

/** The providers and single homes a supplier may update: the same two fields when registering and editing. */
export function ScopeFields({
  ids,
  providers,
  homes,
  onProviders,
  onHomes,
  errors,
  optional = false,
  rows,
}: {
  ids: { providerIds: string; locationIds: string };
  providers: string;
  homes: string;
  onProviders(value: string): void;
  onHomes(value: string): void;
  errors: readonly FormError[];
  optional?: boolean;
  rows: number;
}) {
  const suffix = optional ? ' (optional)' : '';
  return (
    <>
      <Textarea
        id={ids.providerIds}
        label={`CQC provider IDs${suffix}`}
        hint="The supplier may update every care home of these providers. One per line, like 1-101639192"
        value={providers}
        onChange={onProviders}
        rows={rows}
        error={errorFor(errors, ids.providerIds)}
      />
      <Textarea
        id={ids.locationIds}
        label={`CQC location IDs of single care homes${suffix}`}
        hint="One per line, like 1-123456789"
        value={homes}
        onChange={onHomes}
        rows={rows}
        error={errorFor(errors, ids.locationIds)}
      />
    </>
  );
}
