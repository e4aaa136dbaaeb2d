#!/usr/bin/env bash
# collect-account.sh: snapshot one AWS account's IAM and S3 bucket policies
# in the layout `rolechain import DIR` reads.
#
# Writes into DIR (default ./snapshot-<account-id>-<YYYY-MM-DD>):
#
#   <account-id>.json            aws iam get-account-authorization-details
#                                (the CLI follows every page and merges them)
#   bucket-policy.<bucket>.json  aws s3api get-bucket-policy --bucket <bucket>
#                                ({"Policy": "<policy JSON as a string>"});
#                                none for a bucket without a policy
#   buckets.json                 {"<bucket>": "<owner account id>", ...} for
#                                every bucket that list-buckets returned
#
# Several accounts can share one DIR (run once per account, e.g. with a
# different --profile each time): buckets.json keeps the other accounts'
# entries and only this account's buckets (and their bucket-policy files)
# are replaced, so DIR stays one `rolechain import DIR` snapshot.
#
# Needs only `aws` (CLI v1 or v2) and `python3`. Read-only: it calls
# sts get-caller-identity, iam get-account-authorization-details,
# s3api list-buckets and s3api get-bucket-policy.
#
# Exit status: 0 on success; 1 on a fatal error (nothing usable written);
# 2 on bad usage; 3 when the snapshot was written but one or more buckets'
# policies could not be read (each is reported on stderr).
set -euo pipefail

prog=$(basename "$0")

usage() {
    cat <<EOF
Usage: $prog [--out DIR] [--profile P] [--region R] [--endpoint-url URL]

Snapshot the IAM authorization details and S3 bucket policies of the
account the current credentials belong to.

Options:
  --out DIR           directory to write (default: ./snapshot-<account>-<date>)
  --profile P         AWS CLI profile to use
  --region R          AWS region for the calls
  --endpoint-url URL  send every call to URL (e.g. a local moto_server)
  -h, --help          show this help

Files written into DIR:
  <account-id>.json            aws iam get-account-authorization-details
  bucket-policy.<bucket>.json  aws s3api get-bucket-policy (buckets with a policy)
  buckets.json                 {"<bucket>": "<owner account id>", ...}
Running it again for another account with the same --out adds that account
(buckets.json is merged; only this account's entries are replaced).

Exit status: 0 ok, 1 fatal error, 2 bad usage, 3 some bucket policies unreadable.
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

out=""
aws_args=()

need_value() {
    # $1 option name, $2 number of remaining args
    [[ $2 -ge 2 ]] || usage_error "option $1 needs a value"
}

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
        --profile | --region | --endpoint-url)
            need_value "$1" $#
            aws_args+=("$1" "$2")
            shift 2
            ;;
        --profile=* | --region=* | --endpoint-url=*)
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

# Every AWS call goes through here so --profile/--region/--endpoint-url
# reach all of them. (The ${a[@]+...} form keeps bash < 4.4 happy under -u.)
awscli() {
    aws ${aws_args[@]+"${aws_args[@]}"} "$@"
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/collect-account.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

account=$(awscli sts get-caller-identity --query Account --output text) ||
    die "could not identify the account (sts get-caller-identity failed)"
[[ $account =~ ^[0-9]{12}$ ]] || die "unexpected account id from sts get-caller-identity: '$account'"

if [[ -z $out ]]; then
    out="./snapshot-$account-$(date -u +%Y-%m-%d)"
fi
mkdir -p "$out" || die "cannot create output directory $out"

echo "$prog: account $account -> $out" >&2

# IAM: one file, all pages merged by the CLI. Written to a scratch file
# first so a failed call never leaves a truncated snapshot behind.
echo "$prog: iam get-account-authorization-details" >&2
awscli iam get-account-authorization-details --output json >"$scratch/iam.json" ||
    die "iam get-account-authorization-details failed"
mv "$scratch/iam.json" "$out/$account.json"

# S3: the buckets the caller owns.
awscli s3api list-buckets --query 'Buckets[].Name' --output json >"$scratch/buckets.list" ||
    die "s3api list-buckets failed"
python3 - "$scratch/buckets.list" >"$scratch/buckets.names" <<'PY' ||
import json, re, sys
names = json.load(open(sys.argv[1])) or []
for n in names:
    # S3 names (legacy ones included) never hold '/'; refuse anything that
    # could escape DIR when used in a file name.
    if not re.fullmatch(r"[A-Za-z0-9._-]+", n) or n in (".", ".."):
        sys.exit("unexpected bucket name from list-buckets: %r" % n)
    print(n)
PY
    die "could not read the bucket list"
buckets=()
while IFS= read -r name; do
    [[ -n $name ]] && buckets+=("$name")
done <"$scratch/buckets.names"
echo "$prog: ${#buckets[@]} bucket(s)" >&2

# Policies go to a staging directory first; they replace this account's
# files in DIR only once every bucket has been tried.
mkdir -p "$scratch/policies"
failed=0
with_policy=0
for bucket in ${buckets[@]+"${buckets[@]}"}; do
    if awscli s3api get-bucket-policy --bucket "$bucket" --output json \
        >"$scratch/policy.json" 2>"$scratch/policy.err"; then
        mv "$scratch/policy.json" "$scratch/policies/bucket-policy.$bucket.json"
        with_policy=$((with_policy + 1))
    elif grep -q 'NoSuchBucketPolicy' "$scratch/policy.err"; then
        echo "$prog: $bucket: no bucket policy" >&2
    else
        failed=$((failed + 1))
        echo "$prog: $bucket: get-bucket-policy failed: $(tr -s '\n' ' ' <"$scratch/policy.err")" >&2
    fi
done

# buckets.json maps every bucket to its owner. DIR may already hold other
# accounts' snapshots (run this script once per account with the same
# --out): their entries are kept, this account's entries are replaced.
# The script prints the buckets this account owned before or owns now, so
# their old bucket-policy files can be removed before the new ones land.
python3 - "$account" "$out/buckets.json" ${buckets[@]+"${buckets[@]}"} >"$scratch/owned" <<'PY'
import json, os, sys
account, path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
merged = {}
if os.path.exists(path):
    with open(path) as f:
        try:
            merged = json.load(f)
        except ValueError:
            sys.exit("existing %s is not JSON; move it away and retry" % path)
    if not isinstance(merged, dict):
        sys.exit("existing %s is not a JSON object; move it away and retry" % path)
owned = sorted({b for b, o in merged.items() if o == account} | set(names))
merged = {b: o for b, o in merged.items() if o != account}
merged.update({n: account for n in names})
with open(path + ".tmp", "w") as f:
    json.dump(merged, f, indent=2, sort_keys=True)
    f.write("\n")
os.replace(path + ".tmp", path)
for b in owned:
    print(b)
PY
while IFS= read -r bucket; do
    [[ -n $bucket ]] && rm -f "$out/bucket-policy.$bucket.json"
done <"$scratch/owned"
for file in "$scratch"/policies/bucket-policy.*.json; do
    [[ -e $file ]] && mv "$file" "$out/"
done

echo "$prog: wrote $out/$account.json, $with_policy bucket policy file(s), buckets.json" >&2
if [[ $failed -gt 0 ]]; then
    echo "$prog: $failed bucket(s) had unreadable policies; snapshot is incomplete" >&2
    exit 3
fi
