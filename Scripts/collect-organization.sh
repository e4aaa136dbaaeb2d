#!/usr/bin/env bash
# collect-organization.sh: snapshot an AWS Organization's structure and its
# service and resource control policies, as the AWS CLI returns them.
# Run it with credentials of the organization's management account (or of a
# delegated administrator). Read-only.
#
# Layout written into DIR (default ./organization-<org-id>-<YYYY-MM-DD>);
# every file is the unmodified `--output json` of one AWS CLI call (the CLI
# follows and merges all pages of list calls):
#
#   organization.json           aws organizations describe-organization
#   roots.json                  aws organizations list-roots
#   ou/<parent-id>.json         aws organizations list-organizational-units-for-parent
#                                 --parent-id <parent-id>
#                               for the root and every OU, recursively
#   accounts/<parent-id>.json   aws organizations list-accounts-for-parent
#                                 --parent-id <parent-id>
#                               for the root and every OU
#   policies/<TYPE>.json        aws organizations list-policies --filter <TYPE>
#   policy/<policy-id>.json     aws organizations describe-policy --policy-id <policy-id>
#                               for each policy in policies/<TYPE>.json
#   targets/<target-id>.<TYPE>.json
#                               aws organizations list-policies-for-target
#                                 --target-id <target-id> --filter <TYPE>
#                               for the root, every OU and every account
#
# <TYPE> is SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY. <parent-id>
# and <target-id> are ids as AWS prints them: r-xxxx (root),
# ou-xxxx-xxxxxxxx (OU), 12-digit account ids (targets only).
#
# A policy type is collected only when roots.json shows it ENABLED on the
# root (ListRoots is where AWS reports enabled policy types; the
# AvailablePolicyTypes field of describe-organization is deprecated). A type
# that is not enabled, or whose calls fail with PolicyTypeNotEnabledException
# / PolicyTypeNotAvailableForOrganizationException / InvalidInputException /
# UnsupportedAPIEndpointException (or, with --endpoint-url, an emulator's
# "not implemented" / HTTP 500), is skipped as a whole: no policies/<TYPE>.json,
# no targets/*.<TYPE>.json and no policy/ files for it, and a note on stderr.
# So policies/<TYPE>.json exists exactly when that type was collected
# completely. Any other error stops the script, and DIR is left untouched.
#
# Everything is gathered in a scratch directory first and copied into DIR at
# the end; files of an earlier snapshot in DIR (the names above) are replaced.
#
# Needs only `aws` (CLI v1 or v2) and `python3`.
set -euo pipefail

prog=$(basename "$0")
policy_types=(SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY)

usage() {
    cat <<EOF
Usage: $prog [--out DIR] [--endpoint-url URL] [--profile P] [--region R]

Snapshot the organization (roots, OUs, accounts) and its service and
resource control policies. Run with management-account credentials.

Options:
  --out DIR           directory to write (default: ./organization-<org-id>-<date>)
  --endpoint-url URL  send every call to URL (e.g. a local moto_server)
  --profile P         AWS CLI profile to use
  --region R          AWS region for the calls
  -h, --help          show this help

Files written into DIR (each is the JSON output of one AWS CLI call):
  organization.json                organizations describe-organization
  roots.json                       organizations list-roots
  ou/<parent-id>.json              list-organizational-units-for-parent (root, every OU)
  accounts/<parent-id>.json        list-accounts-for-parent (root, every OU)
  policies/<TYPE>.json             list-policies --filter <TYPE>
  policy/<policy-id>.json          describe-policy, each listed policy
  targets/<target-id>.<TYPE>.json  list-policies-for-target (root, OUs, accounts)
TYPE: SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY; a type that is not
enabled on the root (or not supported by the endpoint) is skipped.

Exit status: 0 ok, 1 error (DIR untouched), 2 bad usage.
EOF
}

die() {
    echo "$prog: $*" >&2
    exit 1
}

usage_error() {
    echo "$prog: $*" >&2
    echo "Try '$prog --help'." >&2
    exit 2
}

need_value() {
    [[ $2 -ge 2 ]] || usage_error "option $1 needs a value"
}

out=""
endpoint=""
aws_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        --out)
            need_value "$1" $#
            out=$2
            shift 2
            ;;
        --out=*)
            out=${1#*=}
            shift
            ;;
        --endpoint-url)
            need_value "$1" $#
            endpoint=$2
            aws_args+=("$1" "$2")
            shift 2
            ;;
        --endpoint-url=*)
            endpoint=${1#*=}
            aws_args+=(--endpoint-url "$endpoint")
            shift
            ;;
        --profile | --region)
            need_value "$1" $#
            aws_args+=("$1" "$2")
            shift 2
            ;;
        --profile=* | --region=*)
            aws_args+=("${1%%=*}" "${1#*=}")
            shift
            ;;
        *)
            usage_error "unknown argument: $1"
            ;;
    esac
done

command -v aws >/dev/null 2>&1 || die "the AWS CLI ('aws') is not on PATH"
command -v python3 >/dev/null 2>&1 || die "'python3' is not on PATH"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/collect-organization.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
snap=$scratch/snap
mkdir -p "$snap"

awscli() {
    aws ${aws_args[@]+"${aws_args[@]}"} "$@"
}

# call DEST ARGS...: run `aws ARGS... --output json`; on success move its
# output to DEST (created atomically), on failure keep stderr in
# $scratch/err and return non-zero.
call() {
    local dest=$1
    shift
    if awscli "$@" --output json >"$scratch/out" 2>"$scratch/err"; then
        mkdir -p "$(dirname "$dest")"
        mv "$scratch/out" "$dest"
        return 0
    fi
    return 1
}

last_error() {
    tr -s '\n' ' ' <"$scratch/err"
}

# must DEST ARGS...: like call, but a failure ends the script.
must() {
    local dest=$1
    shift
    call "$dest" "$@" || die "aws $* failed: $(last_error)"
}

# True when the last failed call says the policy type is off or the
# endpoint does not implement the operation.
skippable_error() {
    if grep -Eq 'PolicyTypeNotEnabledException|PolicyTypeNotAvailableForOrganizationException|InvalidInputException|UnsupportedAPIEndpointException' "$scratch/err"; then
        return 0
    fi
    if [[ -n $endpoint ]] && grep -Eiq '\((500|501)\)|NotImplemented|not (yet )?(been )?implemented' "$scratch/err"; then
        return 0
    fi
    return 1
}

# ids FILE KEY: print the Id of each element of FILE's top-level KEY list,
# one per line. Ids become file names, so anything odd is refused.
ids() {
    python3 - "$1" "$2" <<'PY'
import json, re, sys
path, key = sys.argv[1], sys.argv[2]
with open(path) as f:
    items = json.load(f).get(key) or []
for item in items:
    i = item.get("Id", "")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", i):
        sys.exit("unexpected Id %r in %s" % (i, path))
    print(i)
PY
}

# read_lines VAR FILE: append FILE's non-empty lines to array VAR
# (no mapfile: macOS ships bash 3.2).
read_lines() {
    local line
    while IFS= read -r line; do
        [[ -n $line ]] && eval "$1+=(\"\$line\")"
    done <"$2"
}

# --- organization and roots ------------------------------------------------

must "$snap/organization.json" organizations describe-organization
org_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Organization"]["Id"])' \
    "$snap/organization.json") || die "organization.json has no Organization.Id"
[[ $org_id =~ ^o-[a-z0-9]+$ ]] || die "unexpected organization id '$org_id'"
if [[ -z $out ]]; then
    out="./organization-$org_id-$(date -u +%Y-%m-%d)"
fi
echo "$prog: organization $org_id -> $out" >&2

must "$snap/roots.json" organizations list-roots
roots=()
ids "$snap/roots.json" Roots >"$scratch/ids" || die "cannot read roots.json"
read_lines roots "$scratch/ids"
[[ ${#roots[@]} -gt 0 ]] || die "list-roots returned no root"

# --- OUs and accounts, breadth first ---------------------------------------

targets=()
queue=("${roots[@]}")
ou_count=0
account_count=0
while [[ ${#queue[@]} -gt 0 ]]; do
    parent=${queue[0]}
    queue=("${queue[@]:1}")
    targets+=("$parent")

    must "$snap/ou/$parent.json" organizations list-organizational-units-for-parent --parent-id "$parent"
    children=()
    ids "$snap/ou/$parent.json" OrganizationalUnits >"$scratch/ids" || die "cannot read ou/$parent.json"
    read_lines children "$scratch/ids"
    ou_count=$((ou_count + ${#children[@]}))
    queue+=(${children[@]+"${children[@]}"})

    must "$snap/accounts/$parent.json" organizations list-accounts-for-parent --parent-id "$parent"
    accounts=()
    ids "$snap/accounts/$parent.json" Accounts >"$scratch/ids" || die "cannot read accounts/$parent.json"
    read_lines accounts "$scratch/ids"
    account_count=$((account_count + ${#accounts[@]}))
    targets+=(${accounts[@]+"${accounts[@]}"})
done
echo "$prog: ${#roots[@]} root(s), $ou_count OU(s), $account_count account(s)" >&2

# --- policies, one type at a time -------------------------------------------

# Types with Status ENABLED on any root.
python3 - "$snap/roots.json" >"$scratch/enabled" <<'PY' || die "cannot read roots.json"
import json, sys
with open(sys.argv[1]) as f:
    roots = json.load(f).get("Roots") or []
for root in roots:
    for t in root.get("PolicyTypes") or []:
        if t.get("Status") == "ENABLED":
            print(t.get("Type"))
PY

# collect_type TYPE: gather one policy type into $scratch/type; returns 1
# (after a note on stderr) when the type is to be skipped.
collect_type() {
    local type=$1 stage=$scratch/type target pid
    rm -rf "$stage"
    mkdir -p "$stage"
    if ! grep -qx "$type" "$scratch/enabled"; then
        echo "$prog: $type: not enabled on the root; skipped (nothing written)" >&2
        return 1
    fi
    if ! call "$stage/policies/$type.json" organizations list-policies --filter "$type"; then
        skippable_error || die "aws organizations list-policies --filter $type failed: $(last_error)"
        echo "$prog: $type: list-policies failed ($(last_error)); skipped (nothing written)" >&2
        return 1
    fi
    local policies=()
    ids "$stage/policies/$type.json" Policies >"$scratch/ids" || die "cannot read policies/$type.json"
    read_lines policies "$scratch/ids"
    for pid in ${policies[@]+"${policies[@]}"}; do
        if ! call "$stage/policy/$pid.json" organizations describe-policy --policy-id "$pid"; then
            skippable_error || die "aws organizations describe-policy --policy-id $pid failed: $(last_error)"
            echo "$prog: $type: describe-policy $pid failed ($(last_error)); skipped (nothing written)" >&2
            return 1
        fi
    done
    for target in "${targets[@]}"; do
        if ! call "$stage/targets/$target.$type.json" organizations list-policies-for-target \
            --target-id "$target" --filter "$type"; then
            skippable_error || die "aws organizations list-policies-for-target --target-id $target --filter $type failed: $(last_error)"
            echo "$prog: $type: list-policies-for-target $target failed ($(last_error)); skipped (nothing written)" >&2
            return 1
        fi
    done
    echo "$prog: $type: ${#policies[@]} policy(ies), ${#targets[@]} target(s)" >&2
    return 0
}

for type in "${policy_types[@]}"; do
    if collect_type "$type"; then
        cp -R "$scratch/type/." "$snap/"
    fi
done

# --- publish ----------------------------------------------------------------

mkdir -p "$out" || die "cannot create output directory $out"
rm -rf "$out/organization.json" "$out/roots.json" "$out/ou" "$out/accounts" \
    "$out/policies" "$out/policy" "$out/targets"
cp -R "$snap/." "$out/"
echo "$prog: wrote $out" >&2
