import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct and everything below it. cdk-nag 3 matches the
 * id exactly (`AwsSolutions-IAM5[Resource::...]` is its own finding), so a reason always covers
 * one specific thing.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });
}

/**
 * The id cdk-nag gives a wildcard resource in an IAM policy (`IAM5[Resource::<Bucket.Arn>/*]`),
 * derived from the same token the policy uses so a renamed construct cannot orphan the
 * acknowledgement. Tokens must belong to the scope's own stack.
 */
export function wildcardResource(scope: IConstruct, resource: string): string {
  return `IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

export function wildcardAction(action: string): string {
  return `IAM5[Action::${action}]`;
}

/** Mirrors cdk-nag's flattening of CloudFormation intrinsics into a suppression string. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    const join = o['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, items] = join as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return flatten(o['Fn::Sub']);
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if (o['Fn::ImportValue'] !== undefined) return flatten(o['Fn::ImportValue']);
    if (o.Ref !== undefined) return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
