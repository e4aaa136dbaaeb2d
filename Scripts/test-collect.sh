#!/usr/bin/env bash
# test-collect.sh: end-to-end test of collect-account.sh and
# collect-organization.sh against a local moto_server (AWS API emulator).
#
# Usage: Scripts/test-collect.sh [ROLECHAIN]
#
#   ROLECHAIN  path to a built `rolechain` binary (or set $ROLECHAIN). When
#              given, the account snapshot is imported with
#              `rolechain import DIR` and `rolechain who-can-reach
#              example-bucket --format csv` must list RoleB and
#              ec2.amazonaws.com (ec2 -> RoleA -> RoleB). Without it that
#              part is skipped.
#
# Needs `aws`, `python3` and `moto_server` (pip install 'moto[server]').
# Starts moto_server on a free port on 127.0.0.1 only, uses dummy
# credentials, never talks to real AWS, removes its temp dir and stops the
# server on exit. The last line is "N passed, N failed"; exit status is 0
# only when nothing failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rolechain=${1:-${ROLECHAIN:-}}

passed=0
failed=0
summarized=0
tmp=""
moto_pid=""

pass() {
    passed=$((passed + 1))
    echo "ok   - $*"
}

fail() {
    failed=$((failed + 1))
    echo "FAIL - $*"
}

cleanup() {
    if [[ -n $moto_pid ]]; then
        kill "$moto_pid" 2>/dev/null || true
        wait "$moto_pid" 2>/dev/null || true
        moto_pid=""
    fi
    if [[ -n $tmp && -d $tmp ]]; then
        rm -rf "$tmp"
    fi
}

summary() {
    [[ $summarized -eq 1 ]] && return
    summarized=1
    echo "$passed passed, $failed failed"
}

on_exit() {
    local rc=$?
    cleanup
    if [[ $summarized -eq 0 ]]; then
        if [[ $rc -ne 0 && $failed -eq 0 ]]; then
            fail "test script stopped unexpectedly (status $rc)"
        fi
        summary
    fi
    if [[ $failed -gt 0 ]]; then
        exit 1
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# abort MESSAGE: a setup step failed; nothing after it can be tested.
abort() {
    fail "$*"
    exit 1
}

# show FILE: indent a log file into the output (after a failure).
show() {
    [[ -s $1 ]] && sed 's/^/       | /' "$1"
    return 0
}

# pycheck DESCRIPTION CODE [ARGS...]: run python CODE (sys.argv[1:] = ARGS);
# it passes when the code exits 0. An assertion message is shown on failure.
pycheck() {
    local desc=$1 code=$2
    shift 2
    if python3 -c "$code" "$@" >"$tmp/pycheck.log" 2>&1; then
        pass "$desc"
    else
        fail "$desc"
        show "$tmp/pycheck.log"
    fi
}

# has_keys DESCRIPTION FILE KEY...: FILE parses as a JSON object holding KEYs.
has_keys() {
    local desc=$1
    shift
    pycheck "$desc" '
import json, sys
path, keys = sys.argv[1], sys.argv[2:]
with open(path) as f:
    d = json.load(f)
assert isinstance(d, dict), "not a JSON object"
missing = [k for k in keys if k not in d]
assert not missing, "missing keys %s; has %s" % (missing, sorted(d))
' "$@"
}

for tool in aws python3 moto_server; do
    command -v "$tool" >/dev/null 2>&1 || abort "'$tool' is not on PATH (moto_server: pip install 'moto[server]')"
done

run_limited() {
    # run_limited SECONDS CMD...: use coreutils timeout when available.
    local secs=$1
    shift
    if command -v timeout >/dev/null 2>&1; then
        timeout "$secs" "$@"
    else
        "$@"
    fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-collect.XXXXXX")

# --- isolated, dummy AWS environment -----------------------------------------

export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_SESSION_TOKEN=testing
export AWS_SECURITY_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=$tmp/aws-config
export AWS_SHARED_CREDENTIALS_FILE=$tmp/aws-credentials
export AWS_EC2_METADATA_DISABLED=true
export AWS_RETRY_MODE=standard
export AWS_MAX_ATTEMPTS=2
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_REGION AWS_ENDPOINT_URL AWS_CA_BUNDLE || true
export NO_PROXY=127.0.0.1,localhost
export no_proxy=$NO_PROXY
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"

# --- moto_server on a free loopback port --------------------------------------

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint=http://127.0.0.1:$port
moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto_pid=$!

if ! python3 - "$endpoint" <<'PY'; then
import sys, time, urllib.request
url = sys.argv[1] + "/moto-api/"
handler = urllib.request.ProxyHandler({})  # never through a proxy
opener = urllib.request.build_opener(handler)
deadline = time.time() + 20
while time.time() < deadline:
    try:
        opener.open(url, timeout=1).read()
        sys.exit(0)
    except Exception:
        time.sleep(0.2)
sys.exit(1)
PY
    show "$tmp/moto.log"
    abort "moto_server did not start on $endpoint"
fi
pass "moto_server is up on $endpoint"

awsm() {
    aws --endpoint-url "$endpoint" "$@"
}

# setup STEP ARGS...: one AWS CLI call against moto that must succeed.
setup() {
    local step=$1
    shift
    awsm "$@" >"$tmp/setup.out" 2>"$tmp/setup.err" || {
        show "$tmp/setup.err"
        abort "setup: $step"
    }
}

account=$(awsm sts get-caller-identity --query Account --output text 2>"$tmp/setup.err") ||
    { show "$tmp/setup.err"; abort "setup: sts get-caller-identity"; }
role_a=arn:aws:iam::$account:role/RoleA
role_b=arn:aws:iam::$account:role/RoleB
policy_arn=arn:aws:iam::$account:policy/ExampleBucketRead

# --- IAM and S3 fixtures -----------------------------------------------------

setup "create RoleA" iam create-role --role-name RoleA --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
setup "create instance profile" iam create-instance-profile --instance-profile-name RoleA
setup "add RoleA to instance profile" iam add-role-to-instance-profile \
    --instance-profile-name RoleA --role-name RoleA
setup "RoleA inline policy" iam put-role-policy --role-name RoleA --policy-name AssumeRoleB \
    --policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"$role_b\"}]}"
setup "create RoleB" iam create-role --role-name RoleB --assume-role-policy-document \
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"$role_a\"},\"Action\":\"sts:AssumeRole\"}]}"
setup "create managed policy" iam create-policy --policy-name ExampleBucketRead --policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]}'
setup "attach managed policy to RoleB" iam attach-role-policy --role-name RoleB --policy-arn "$policy_arn"
setup "create group" iam create-group --group-name Developers
setup "create user" iam create-user --user-name alice
setup "add user to group" iam add-user-to-group --group-name Developers --user-name alice

setup "create example-bucket" s3api create-bucket --bucket example-bucket
setup "create no-policy bucket" s3api create-bucket --bucket no-policy-bucket
setup "put bucket policy" s3api put-bucket-policy --bucket example-bucket --policy \
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AllowRoleBRead\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"$role_b\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::example-bucket/*\"}]}"

# --- organization ------------------------------------------------------------

setup "create organization" organizations create-organization --feature-set ALL
root=$(awsm organizations list-roots --query 'Roots[0].Id' --output text 2>"$tmp/setup.err") ||
    { show "$tmp/setup.err"; abort "setup: list-roots"; }
ou=$(awsm organizations create-organizational-unit --parent-id "$root" --name Workloads \
    --query OrganizationalUnit.Id --output text 2>"$tmp/setup.err") ||
    { show "$tmp/setup.err"; abort "setup: create OU"; }
member=$(awsm organizations create-account --email member@example.com --account-name member \
    --query CreateAccountStatus.AccountId --output text 2>"$tmp/setup.err") ||
    { show "$tmp/setup.err"; abort "setup: create member account"; }
setup "move member account into the OU" organizations move-account --account-id "$member" \
    --source-parent-id "$root" --destination-parent-id "$ou"
setup "enable SCPs" organizations enable-policy-type --root-id "$root" --policy-type SERVICE_CONTROL_POLICY
scp=$(awsm organizations create-policy --type SERVICE_CONTROL_POLICY --name DenyLeaveOrg \
    --description "deny leaving the organization" \
    --content '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}' \
    --query Policy.PolicySummary.Id --output text 2>"$tmp/setup.err") ||
    { show "$tmp/setup.err"; abort "setup: create SCP"; }
scp_attached=0
if awsm organizations attach-policy --policy-id "$scp" --target-id "$ou" >/dev/null 2>"$tmp/setup.err"; then
    scp_attached=1
    pass "moto: SCP $scp attached to OU $ou"
else
    echo "skip - moto cannot attach an SCP to an OU: $(tr -s '\n' ' ' <"$tmp/setup.err")"
fi

# --- collect-account.sh --------------------------------------------------------

acct_dir=$tmp/snapshot
if "$here/collect-account.sh" --out "$acct_dir" --endpoint-url "$endpoint" --region us-east-1 \
    >"$tmp/acct.out" 2>"$tmp/acct.err"; then
    pass "collect-account.sh exits 0"
else
    fail "collect-account.sh exits 0"
    show "$tmp/acct.err"
fi

pycheck "account snapshot holds exactly $account.json, bucket-policy.example-bucket.json, buckets.json" '
import os, sys
got = sorted(os.listdir(sys.argv[1]))
want = sorted([sys.argv[2] + ".json", "bucket-policy.example-bucket.json", "buckets.json"])
assert got == want, "got %s, want %s" % (got, want)
' "$acct_dir" "$account"
has_keys "$account.json has the get-account-authorization-details keys" "$acct_dir/$account.json" \
    UserDetailList GroupDetailList RoleDetailList Policies
pycheck "$account.json holds RoleA (ec2 trust, instance profile, inline AssumeRole on RoleB) and RoleB (managed policy)" '
import json, sys
d = json.load(open(sys.argv[1]))
role_b_arn, policy_arn = sys.argv[2], sys.argv[3]
roles = {r["RoleName"]: r for r in d["RoleDetailList"]}
assert {"RoleA", "RoleB"} <= set(roles), sorted(roles)
a, b = roles["RoleA"], roles["RoleB"]
trust = a["AssumeRolePolicyDocument"]
assert isinstance(trust, dict), "trust policy is %s, not an object" % type(trust).__name__
assert trust["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}, trust
assert [p["InstanceProfileName"] for p in a["InstanceProfileList"]] == ["RoleA"], a["InstanceProfileList"]
inline = a["RolePolicyList"][0]["PolicyDocument"]
assert isinstance(inline, dict) and inline["Statement"][0]["Resource"] == role_b_arn, inline
assert [p["PolicyArn"] for p in b["AttachedManagedPolicies"]] == [policy_arn], b["AttachedManagedPolicies"]
pol = [p for p in d["Policies"] if p["Arn"] == policy_arn]
assert pol, "managed policy missing from Policies"
doc = [v for v in pol[0]["PolicyVersionList"] if v["IsDefaultVersion"]][0]["Document"]
assert isinstance(doc, dict) and doc["Statement"][0]["Action"] == "s3:GetObject", doc
' "$acct_dir/$account.json" "$role_b" "$policy_arn"
pycheck "$account.json holds user alice in group Developers" '
import json, sys
d = json.load(open(sys.argv[1]))
users = {u["UserName"]: u for u in d["UserDetailList"]}
assert users["alice"]["GroupList"] == ["Developers"], users
assert [g["GroupName"] for g in d["GroupDetailList"]] == ["Developers"], d["GroupDetailList"]
' "$acct_dir/$account.json"
pycheck "bucket-policy.example-bucket.json is {\"Policy\": <JSON string>} allowing RoleB" '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["Policy"] and isinstance(d["Policy"], str), d
p = json.loads(d["Policy"])
assert p["Statement"][0]["Principal"] == {"AWS": sys.argv[2]}, p
' "$acct_dir/bucket-policy.example-bucket.json" "$role_b"
pycheck "buckets.json maps both buckets to $account" '
import json, sys
d = json.load(open(sys.argv[1]))
want = {"example-bucket": sys.argv[2], "no-policy-bucket": sys.argv[2]}
assert d == want, d
' "$acct_dir/buckets.json" "$account"
if grep -q 'no-policy-bucket: no bucket policy' "$tmp/acct.err"; then
    pass "the bucket without a policy is skipped with a note on stderr"
else
    fail "the bucket without a policy is skipped with a note on stderr"
    show "$tmp/acct.err"
fi

# --- collect-organization.sh, SCPs only ----------------------------------------

# RCPs are not enabled yet: the script must skip that type and say so.
org1=$tmp/org-scp-only
if "$here/collect-organization.sh" --out "$org1" --endpoint-url "$endpoint" \
    >"$tmp/org1.out" 2>"$tmp/org1.err"; then
    pass "collect-organization.sh exits 0 (RCPs not enabled)"
else
    fail "collect-organization.sh exits 0 (RCPs not enabled)"
    show "$tmp/org1.err"
fi
pycheck "with RCPs not enabled: SCP files written, no RESOURCE_CONTROL_POLICY file at all" '
import os, sys
d = sys.argv[1]
files = [os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs]
assert "policies/SERVICE_CONTROL_POLICY.json" in files, files
rcp = [f for f in files if "RESOURCE_CONTROL_POLICY" in f]
assert not rcp, rcp
' "$org1"
if grep -q 'RESOURCE_CONTROL_POLICY: .*skipped' "$tmp/org1.err"; then
    pass "the disabled RCP type is reported on stderr"
else
    fail "the disabled RCP type is reported on stderr"
    show "$tmp/org1.err"
fi

# --- collect-organization.sh, SCPs and RCPs --------------------------------------

rcp=""
if awsm organizations enable-policy-type --root-id "$root" --policy-type RESOURCE_CONTROL_POLICY \
    >/dev/null 2>"$tmp/setup.err"; then
    rcp=$(awsm organizations create-policy --type RESOURCE_CONTROL_POLICY --name DenyInsecureTransport \
        --description "deny S3 without TLS" \
        --content '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}' \
        --query Policy.PolicySummary.Id --output text 2>"$tmp/setup.err") &&
        awsm organizations attach-policy --policy-id "$rcp" --target-id "$ou" >/dev/null 2>>"$tmp/setup.err" ||
        rcp=""
fi
if [[ -n $rcp ]]; then
    pass "moto: RCP $rcp enabled and attached to OU $ou"
else
    echo "skip - moto cannot enable/attach RCPs: $(tr -s '\n' ' ' <"$tmp/setup.err")"
fi

org=$tmp/org
if "$here/collect-organization.sh" --out "$org" --endpoint-url "$endpoint" \
    >"$tmp/org.out" 2>"$tmp/org.err"; then
    pass "collect-organization.sh exits 0"
else
    fail "collect-organization.sh exits 0"
    show "$tmp/org.err"
fi

has_keys "organization.json has Organization" "$org/organization.json" Organization
has_keys "roots.json has Roots" "$org/roots.json" Roots
pycheck "ou/<root>.json lists the OU; ou/<ou>.json exists (empty)" '
import json, sys
d, root, ou = sys.argv[1:]
top = json.load(open("%s/ou/%s.json" % (d, root)))
assert [o["Id"] for o in top["OrganizationalUnits"]] == [ou], top
sub = json.load(open("%s/ou/%s.json" % (d, ou)))
assert sub["OrganizationalUnits"] == [], sub
' "$org" "$root" "$ou"
pycheck "accounts/<root>.json lists the management account; accounts/<ou>.json the member" '
import json, sys
d, root, ou, mgmt, member = sys.argv[1:]
top = json.load(open("%s/accounts/%s.json" % (d, root)))
assert [a["Id"] for a in top["Accounts"]] == [mgmt], top
sub = json.load(open("%s/accounts/%s.json" % (d, ou)))
assert [a["Id"] for a in sub["Accounts"]] == [member], sub
' "$org" "$root" "$ou" "$account" "$member"
pycheck "policies/SERVICE_CONTROL_POLICY.json lists the SCP; policy/<id>.json has its Content" '
import json, sys
d, scp = sys.argv[1:]
listed = json.load(open(d + "/policies/SERVICE_CONTROL_POLICY.json"))
ids = [p["Id"] for p in listed["Policies"]]
assert scp in ids, ids
for i in ids:
    pol = json.load(open("%s/policy/%s.json" % (d, i)))
    json.loads(pol["Policy"]["Content"])
    assert pol["Policy"]["PolicySummary"]["Id"] == i, pol
' "$org" "$scp"
pycheck "targets/<id>.SERVICE_CONTROL_POLICY.json exists for root, OU and both accounts" '
import json, sys
d, ids = sys.argv[1], sys.argv[2:]
for i in ids:
    t = json.load(open("%s/targets/%s.SERVICE_CONTROL_POLICY.json" % (d, i)))
    assert "Policies" in t, (i, t)
' "$org" "$root" "$ou" "$account" "$member"
if [[ $scp_attached -eq 1 ]]; then
    pycheck "targets/<ou>.SERVICE_CONTROL_POLICY.json lists the attached SCP" '
import json, sys
d, ou, scp = sys.argv[1:]
t = json.load(open("%s/targets/%s.SERVICE_CONTROL_POLICY.json" % (d, ou)))
assert scp in [p["Id"] for p in t["Policies"]], t
' "$org" "$ou" "$scp"
fi
if [[ -n $rcp ]]; then
    pycheck "RCP files: policies/RESOURCE_CONTROL_POLICY.json, policy/<rcp>.json, targets/<ou>.RESOURCE_CONTROL_POLICY.json" '
import json, sys
d, ou, rcp = sys.argv[1:]
listed = json.load(open(d + "/policies/RESOURCE_CONTROL_POLICY.json"))
assert rcp in [p["Id"] for p in listed["Policies"]], listed
json.load(open("%s/policy/%s.json" % (d, rcp)))["Policy"]["Content"]
t = json.load(open("%s/targets/%s.RESOURCE_CONTROL_POLICY.json" % (d, ou)))
assert rcp in [p["Id"] for p in t["Policies"]], t
' "$org" "$ou" "$rcp"
fi
pycheck "organization snapshot has only the documented layout" '
import json, os, re, sys
d = sys.argv[1]
pats = [r"organization\.json", r"roots\.json", r"ou/[\w-]+\.json", r"accounts/[\w-]+\.json",
        r"policies/(SERVICE|RESOURCE)_CONTROL_POLICY\.json", r"policy/[\w-]+\.json",
        r"targets/[\w-]+\.(SERVICE|RESOURCE)_CONTROL_POLICY\.json"]
files = [os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs]
odd = [f for f in files if not any(re.fullmatch(p, f) for p in pats)]
assert not odd, odd
for f in files:
    json.load(open(os.path.join(d, f)))
' "$org"

# --- rolechain import + who-can-reach ----------------------------------------------

if [[ -z $rolechain ]]; then
    echo "skip - rolechain checks: no binary given (pass its path as \$1 or set ROLECHAIN=...)"
elif [[ ! -x $rolechain ]]; then
    fail "rolechain binary '$rolechain' is not an executable file"
else
    db=$tmp/db.sqlite
    if ROLECHAIN_DB=$db run_limited 60 "$rolechain" import "$acct_dir" >"$tmp/import.out" 2>"$tmp/import.err"; then
        pass "rolechain import $acct_dir exits 0"
    else
        fail "rolechain import <dir> exits 0"
        show "$tmp/import.out"
        show "$tmp/import.err"
    fi
    if ROLECHAIN_DB=$db run_limited 60 "$rolechain" who-can-reach example-bucket --format csv \
        >"$tmp/reach.csv" 2>"$tmp/reach.err"; then
        pass "rolechain who-can-reach example-bucket --format csv exits 0"
    else
        fail "rolechain who-can-reach example-bucket --format csv exits 0"
        show "$tmp/reach.err"
    fi
    for principal in "$role_b" ec2.amazonaws.com; do
        pycheck "who-can-reach CSV has a row with principal $principal" '
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
assert rows and "principal" in rows[0], "no principal column; header: %s" % (list(rows[0]) if rows else "none")
got = [r["principal"] for r in rows]
assert sys.argv[2] in got, "principals: %s" % got
' "$tmp/reach.csv" "$principal"
    done
    if [[ $failed -gt 0 ]]; then
        echo "       who-can-reach output:"
        show "$tmp/reach.csv"
    fi
    if ROLECHAIN_DB=$db run_limited 60 "$rolechain" import-organization "$org" >"$tmp/org-import.out" 2>"$tmp/org-import.err"; then
        pass "rolechain import-organization <collected organization> exits 0"
    else
        fail "rolechain import-organization <collected organization> exits 0"
        show "$tmp/org-import.err"
    fi
    if ROLECHAIN_DB=$db run_limited 60 "$rolechain" sql "SELECT count(*) FROM organizationNode WHERE kind = 'account'" \
        --format csv >"$tmp/org-count.csv" 2>"$tmp/org-count.err" && [[ $(tail -n 1 "$tmp/org-count.csv" | tr -d '\r') -ge 2 ]]; then
        pass "the imported organization holds its member accounts"
    else
        fail "the imported organization holds its member accounts"
        show "$tmp/org-count.csv"
        show "$tmp/org-count.err"
    fi
fi

cleanup
summary
