#!/usr/bin/env python3
"""Tests for Scripts/generate-organization.py (stdlib unittest).

Run: python3 Scripts/test_generate_organization.py        (add -v for names)
Outputs go to temporary directories, which are deleted afterwards.
"""

from __future__ import annotations

import collections
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import unquote

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "generate-organization.py")
SEED_FIXTURES = "/work/shared/fixtures/seed/complete"  # reference shape; the comparison is skipped if absent

ACCOUNT_FILE = re.compile(r"^(\d{12})\.json$")
BUCKET_FILE = re.compile(r"^bucket-policy\.(.+)\.json$")
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
UID = {p: re.compile(rf"^{p}[A-Z2-7]{{17}}$") for p in ("AIDA", "AGPA", "AROA", "AIPA", "ANPA")}

USER_KEYS = ["Path", "UserName", "UserId", "Arn", "CreateDate", "UserPolicyList", "GroupList",
             "AttachedManagedPolicies", "Tags"]
GROUP_KEYS = ["Path", "GroupName", "GroupId", "Arn", "CreateDate", "GroupPolicyList", "AttachedManagedPolicies"]
ROLE_KEYS = ["Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument", "InstanceProfileList",
             "RolePolicyList", "AttachedManagedPolicies", "Tags", "RoleLastUsed"]
PROFILE_KEYS = ["Path", "InstanceProfileName", "InstanceProfileId", "Arn", "CreateDate", "Roles", "Tags"]
POLICY_KEYS = ["PolicyName", "PolicyId", "Arn", "Path", "DefaultVersionId", "AttachmentCount",
               "PermissionsBoundaryUsageCount", "IsAttachable", "CreateDate", "UpdateDate", "PolicyVersionList"]
VERSION_KEYS = ["Document", "VersionId", "IsDefaultVersion", "CreateDate"]
OPTIONAL = {"PermissionsBoundary", "Description"}


def run(out: str, *args: str) -> str:
    p = subprocess.run([sys.executable, SCRIPT, "--out", out, *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"generator failed ({p.returncode}): {p.stderr}")
    return p.stdout


def load_dir(d: str):
    accounts, bucket_policies = {}, {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name)) as f:
            data = json.load(f)  # every file must be valid JSON
        if m := ACCOUNT_FILE.match(name):
            accounts[m.group(1)] = data
        elif m := BUCKET_FILE.match(name):
            bucket_policies[m.group(1)] = data
        else:
            assert name == "buckets.json", f"unexpected file {name}"
    with open(os.path.join(d, "buckets.json")) as f:
        buckets = json.load(f)
    return accounts, bucket_policies, buckets


def doc(x):
    return json.loads(unquote(x)) if isinstance(x, str) else x


def statements(d) -> list:
    s = doc(d)["Statement"]
    return [s] if isinstance(s, dict) else s


def as_list(x) -> list:
    return [x] if isinstance(x, str) else list(x)


def keys_ok(testcase: unittest.TestCase, obj: dict, required: list[str], what: str) -> None:
    extra = set(obj) - set(required) - OPTIONAL
    testcase.assertFalse([k for k in required if k not in obj], f"{what}: missing keys in {sorted(obj)}")
    testcase.assertFalse(extra, f"{what}: unexpected keys {extra}")


class GeneratorTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="rolechain-gen-test-")
        cls.small = os.path.join(cls.tmp.name, "small")
        cls.summary = run(cls.small, "--accounts", "3", "--roles-per-account", "10", "--users-per-account", "2",
                          "--seed", "1")
        cls.medium = os.path.join(cls.tmp.name, "medium")
        run(cls.medium, "--accounts", "20", "--roles-per-account", "100", "--users-per-account", "10",
            "--seed", "42")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name: str) -> str:
        return os.path.join(self.tmp.name, name)

    # -- determinism -----------------------------------------------------------------------------------------------

    def test_same_seed_byte_identical(self):
        other = self.path("small-again")
        run(other, "--accounts", "3", "--roles-per-account", "10", "--users-per-account", "2", "--seed", "1")
        cmp = filecmp.dircmp(self.small, other)
        self.assertEqual(sorted(os.listdir(self.small)), sorted(os.listdir(other)))
        for name in os.listdir(self.small):
            self.assertTrue(filecmp.cmp(os.path.join(self.small, name), os.path.join(other, name), shallow=False),
                            name)
        self.assertFalse(cmp.diff_files)

    def test_different_seed_differs(self):
        other = self.path("small-seed2")
        run(other, "--accounts", "3", "--roles-per-account", "10", "--users-per-account", "2", "--seed", "2")
        same = [n for n in os.listdir(self.small) if ACCOUNT_FILE.match(n)
                and filecmp.cmp(os.path.join(self.small, n), os.path.join(other, n), shallow=False)]
        self.assertEqual(same, [])

    def test_indent_is_same_data(self):
        other = self.path("small-indent")
        run(other, "--accounts", "3", "--roles-per-account", "10", "--users-per-account", "2", "--seed", "1",
            "--indent")
        for name in os.listdir(self.small):
            with open(os.path.join(self.small, name)) as a, open(os.path.join(other, name)) as b:
                ta, tb = a.read(), b.read()
            self.assertEqual(json.loads(ta), json.loads(tb), name)
            self.assertNotIn("\n", ta)
            self.assertIn("\n", tb)

    def test_summary_line(self):
        lines = self.summary.strip().splitlines()
        self.assertEqual(len(lines), 1)
        total = sum(os.path.getsize(os.path.join(self.small, n)) for n in os.listdir(self.small))
        self.assertIn("accounts=3 roles=30 users=6", lines[0])
        self.assertIn(f"bytes={total} ", lines[0])

    def test_refuses_non_empty_dir(self):
        p = subprocess.run([sys.executable, SCRIPT, "--out", self.small, "--accounts", "1", "--roles-per-account",
                            "1", "--users-per-account", "0", "--seed", "1"], capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)

    # -- shape -----------------------------------------------------------------------------------------------------

    def check_shape(self, d: str, n_accounts: int, roles: int, users: int, buckets_per_account: int):
        accounts, bucket_policies, buckets = load_dir(d)
        self.assertEqual(len(accounts), n_accounts)
        self.assertEqual(len(buckets), n_accounts * buckets_per_account)
        self.assertEqual(set(bucket_policies), set(buckets))
        self.assertTrue(set(buckets.values()) <= set(accounts))
        all_ids = []
        for acct, a in accounts.items():
            self.assertEqual(list(a), ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"])
            self.assertEqual(len(a["RoleDetailList"]), roles)
            self.assertEqual(len(a["UserDetailList"]), users)
            policy_arns = {p["Arn"] for p in a["Policies"]}
            group_names = {g["GroupName"] for g in a["GroupDetailList"]}
            attach_counts = collections.Counter()
            boundary_counts = collections.Counter()

            def check_attached(lst, what):
                for m in lst:
                    self.assertEqual(list(m), ["PolicyName", "PolicyArn"], what)
                    self.assertIn(m["PolicyArn"], policy_arns, what)
                    self.assertEqual(m["PolicyArn"].rsplit("/", 1)[1], m["PolicyName"])
                    attach_counts[m["PolicyArn"]] += 1

            def check_inline(lst, what):
                names = [p["PolicyName"] for p in lst]
                self.assertEqual(len(names), len(set(names)), what)
                for p in lst:
                    self.assertEqual(list(p), ["PolicyName", "PolicyDocument"], what)
                    self.assertEqual(doc(p["PolicyDocument"])["Version"], "2012-10-17")
                    statements(p["PolicyDocument"])

            def check_boundary(obj):
                if "PermissionsBoundary" in obj:
                    b = obj["PermissionsBoundary"]
                    self.assertEqual(b["PermissionsBoundaryType"], "Policy")
                    self.assertIn(b["PermissionsBoundaryArn"], policy_arns)
                    boundary_counts[b["PermissionsBoundaryArn"]] += 1

            for u in a["UserDetailList"]:
                keys_ok(self, u, USER_KEYS, "user")
                self.assertRegex(u["UserId"], UID["AIDA"])
                self.assertRegex(u["CreateDate"], TS)
                self.assertEqual(u["Arn"], f"arn:aws:iam::{acct}:user{u['Path']}{u['UserName']}")
                self.assertTrue(set(u["GroupList"]) <= group_names)
                check_inline(u["UserPolicyList"], u["Arn"])
                check_attached(u["AttachedManagedPolicies"], u["Arn"])
                check_boundary(u)
                all_ids.append(u["UserId"])
            for g in a["GroupDetailList"]:
                keys_ok(self, g, GROUP_KEYS, "group")
                self.assertRegex(g["GroupId"], UID["AGPA"])
                self.assertEqual(g["Arn"], f"arn:aws:iam::{acct}:group{g['Path']}{g['GroupName']}")
                check_inline(g["GroupPolicyList"], g["Arn"])
                check_attached(g["AttachedManagedPolicies"], g["Arn"])
                all_ids.append(g["GroupId"])
            for r in a["RoleDetailList"]:
                keys_ok(self, r, ROLE_KEYS, "role")
                self.assertRegex(r["RoleId"], UID["AROA"])
                self.assertRegex(r["CreateDate"], TS)
                self.assertEqual(r["Arn"], f"arn:aws:iam::{acct}:role{r['Path']}{r['RoleName']}")
                self.assertTrue(statements(r["AssumeRolePolicyDocument"]))
                check_inline(r["RolePolicyList"], r["Arn"])
                check_attached(r["AttachedManagedPolicies"], r["Arn"])
                check_boundary(r)
                self.assertIsInstance(r["Tags"], list)
                self.assertIsInstance(r["RoleLastUsed"], dict)
                services = [s["Principal"].get("Service") for s in statements(r["AssumeRolePolicyDocument"])
                            if isinstance(s.get("Principal"), dict)]
                self.assertEqual(bool(r["InstanceProfileList"]), "ec2.amazonaws.com" in services, r["Arn"])
                for ip in r["InstanceProfileList"]:
                    keys_ok(self, ip, PROFILE_KEYS, "instance profile")
                    self.assertRegex(ip["InstanceProfileId"], UID["AIPA"])
                    self.assertEqual(ip["Roles"][0]["Arn"], r["Arn"])
                    self.assertEqual(ip["Roles"][0]["RoleId"], r["RoleId"])
                    self.assertEqual(ip["Roles"][0]["AssumeRolePolicyDocument"], r["AssumeRolePolicyDocument"])
                    all_ids.append(ip["InstanceProfileId"])
                all_ids.append(r["RoleId"])
            for p in a["Policies"]:
                keys_ok(self, p, POLICY_KEYS, "managed policy")
                self.assertRegex(p["PolicyId"], UID["ANPA"])
                self.assertRegex(p["CreateDate"], TS)
                self.assertRegex(p["UpdateDate"], TS)
                self.assertEqual(p["AttachmentCount"], attach_counts[p["Arn"]], p["Arn"])
                self.assertEqual(p["PermissionsBoundaryUsageCount"], boundary_counts[p["Arn"]], p["Arn"])
                defaults = [v for v in p["PolicyVersionList"] if v["IsDefaultVersion"]]
                self.assertEqual(len(defaults), 1)
                self.assertEqual(defaults[0]["VersionId"], p["DefaultVersionId"])
                for v in p["PolicyVersionList"]:
                    self.assertEqual(list(v), VERSION_KEYS)
                    statements(v["Document"])
                if not p["Arn"].startswith("arn:aws:iam::aws:"):
                    self.assertTrue(p["Arn"].startswith(f"arn:aws:iam::{acct}:policy/"))
                    all_ids.append(p["PolicyId"])
        self.assertEqual(len(all_ids), len(set(all_ids)), "unique ids must be unique")
        for bucket, bp in bucket_policies.items():
            self.assertEqual(list(bp), ["Policy"])
            self.assertIsInstance(bp["Policy"], str)
            pol = json.loads(bp["Policy"])
            for s in pol["Statement"]:
                for res in as_list(s["Resource"]):
                    self.assertTrue(res.startswith(f"arn:aws:s3:::{bucket}"))
        return accounts, bucket_policies, buckets

    def test_small_shape(self):
        self.check_shape(self.small, 3, 10, 2, 2)

    def test_medium_shape_and_mix(self):
        accounts, bucket_policies, _ = self.check_shape(self.medium, 20, 100, 10, 2)
        role_arns = {r["Arn"] for a in accounts.values() for r in a["RoleDetailList"]}
        user_arns = {u["Arn"] for a in accounts.values() for u in a["UserDetailList"]}
        kinds = collections.Counter()
        cross_trusts = []
        for acct, a in accounts.items():
            for r in a["RoleDetailList"]:
                for s in statements(r["AssumeRolePolicyDocument"]):
                    p = s["Principal"]
                    if "Service" in p:
                        kinds[p["Service"]] += 1
                    elif "Federated" in p:
                        kinds["oidc"] += 1
                        self.assertEqual(s["Action"], "sts:AssumeRoleWithWebIdentity")
                        self.assertIn("StringEquals", s["Condition"])
                        self.assertIn("StringLike", s["Condition"])
                    elif p["AWS"] == "*":
                        kinds["org_wildcard"] += 1
                        self.assertRegex(s["Condition"]["StringEquals"]["aws:PrincipalOrgID"], r"^o-[a-z0-9]{10}$")
                    else:
                        for x in as_list(p["AWS"]):
                            if x.endswith(":root"):
                                kinds["root_same" if x == f"arn:aws:iam::{acct}:root" else "root_other"] += 1
                            else:
                                # every principal named by ARN exists in the generated organization
                                self.assertTrue(x in role_arns or x in user_arns, x)
                                if f"::{acct}:" in x:
                                    kinds["same_arn"] += 1
                                else:
                                    kinds["cross_arn"] += 1
                                    cross_trusts.append((x, r["Arn"]))
                        if "Condition" in s and "sts:ExternalId" in s["Condition"].get("StringEquals", {}):
                            kinds["external_id"] += 1
        for k in ("ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "oidc", "root_same",
                  "root_other", "same_arn", "cross_arn", "external_id"):
            self.assertGreater(kinds[k], 0, k)
        self.assertGreater(kinds["same_arn"], kinds["cross_arn"])

        # most cross-account trusts naming a role ARN have the matching identity Allow in the other account
        allowed = collections.defaultdict(set)
        policy_docs = {}
        for a in accounts.values():
            for p in a["Policies"]:
                for v in p["PolicyVersionList"]:
                    if v["IsDefaultVersion"]:
                        policy_docs[p["Arn"]] = v["Document"]
        for a in accounts.values():
            for r in a["RoleDetailList"]:
                docs = [p["PolicyDocument"] for p in r["RolePolicyList"]]
                docs += [policy_docs[m["PolicyArn"]] for m in r["AttachedManagedPolicies"]]
                for d in docs:
                    for s in statements(d):
                        if s["Effect"] == "Allow" and "sts:AssumeRole" in as_list(s["Action"]):
                            allowed[r["Arn"]].update(as_list(s["Resource"]))
        matched = sum(1 for src, dst in cross_trusts if dst in allowed[src])
        self.assertGreater(matched, 0.7 * len(cross_trusts))

        # identity policies: Deny statements, "*" and prefix sts:AssumeRole, s3:* on "*", conditions
        text = json.dumps([[a["UserDetailList"], a["GroupDetailList"], a["RoleDetailList"], a["Policies"]]
                           for a in accounts.values()])
        for needle in ('"Effect": "Deny"', '"aws:MultiFactorAuthPresent"', '"aws:SourceIp"',
                       '"arn:aws:iam::*:role/', '"Action": "s3:*", "Resource": "*"', '"PermissionsBoundary"',
                       '"IsDefaultVersion": false', '"Action": "sts:AssumeRole", "Resource": "*"'):
            self.assertIn(needle, text, needle)
        bp_text = json.dumps(bucket_policies)
        self.assertIn("aws:SourceVpce", bp_text)
        self.assertIn(":root", bp_text)

    def test_org_wildcard_fraction(self):
        # 0.3% of roles: a few hundred at 100k roles; check the rate at 20k roles
        d = self.path("wild")
        run(d, "--accounts", "100", "--roles-per-account", "200", "--users-per-account", "0",
            "--buckets-per-account", "0", "--seed", "3")
        n = wild = 0
        for name in os.listdir(d):
            if ACCOUNT_FILE.match(name):
                with open(os.path.join(d, name)) as f:
                    for r in json.load(f)["RoleDetailList"]:
                        n += 1
                        wild += any(isinstance(s["Principal"], dict) and s["Principal"].get("AWS") == "*"
                                    for s in statements(r["AssumeRolePolicyDocument"]))
        self.assertEqual(n, 20000)
        self.assertTrue(30 <= wild <= 90, wild)

    def test_matches_reference_fixture_shape(self):
        if not os.path.isdir(SEED_FIXTURES):
            self.skipTest("reference fixtures not available")
        with open(os.path.join(SEED_FIXTURES, "111111111111.json")) as f:
            ref_role = json.load(f)["RoleDetailList"][0]
        with open(os.path.join(SEED_FIXTURES, "222222222222.json")) as f:
            ref_policy = json.load(f)["Policies"][0]
        accounts, _, _ = load_dir(self.medium)
        roles = [r for a in accounts.values() for r in a["RoleDetailList"]]
        ours = next(r for r in roles if r["InstanceProfileList"])
        self.assertEqual(list(ours), list(ref_role))  # same keys, same order
        self.assertEqual(list(ours["InstanceProfileList"][0]), list(ref_role["InstanceProfileList"][0]))
        self.assertEqual(list(ours["InstanceProfileList"][0]["Roles"][0]),
                         list(ref_role["InstanceProfileList"][0]["Roles"][0]))
        ours_p = next(p for a in accounts.values() for p in a["Policies"])
        # moto lacks PolicyName/PolicyId/PermissionsBoundaryUsageCount and always has Description (see README)
        self.assertTrue(set(ref_policy) - {"Description"} <= set(ours_p))
        with open(os.path.join(SEED_FIXTURES, "bucket-policy.example-bucket.json")) as f:
            self.assertEqual(list(json.load(f)), ["Policy"])

    # -- urlencode -------------------------------------------------------------------------------------------------

    def test_urlencode(self):
        d = self.path("small-urlencoded")
        run(d, "--accounts", "3", "--roles-per-account", "10", "--users-per-account", "2", "--seed", "1",
            "--urlencode")
        plain, plain_bp, _ = load_dir(self.small)
        enc, enc_bp, _ = load_dir(d)
        self.assertEqual(plain_bp, enc_bp)  # bucket policies are never URL-encoded
        for acct in plain:
            a, b = plain[acct], enc[acct]
            for rp, re_ in zip(a["RoleDetailList"], b["RoleDetailList"]):
                self.assertIsInstance(re_["AssumeRolePolicyDocument"], str)
                self.assertTrue(re_["AssumeRolePolicyDocument"].startswith("%7B%22Version%22%3A"))
                self.assertEqual(json.loads(unquote(re_["AssumeRolePolicyDocument"])), rp["AssumeRolePolicyDocument"])
                for ip in re_["InstanceProfileList"]:
                    self.assertIsInstance(ip["Roles"][0]["AssumeRolePolicyDocument"], str)
                for p, q in zip(rp["RolePolicyList"], re_["RolePolicyList"]):
                    self.assertIsInstance(q["PolicyDocument"], str)
                    self.assertEqual(json.loads(unquote(q["PolicyDocument"])), p["PolicyDocument"])
            for p, q in zip(a["Policies"], b["Policies"]):
                for v, w in zip(p["PolicyVersionList"], q["PolicyVersionList"]):
                    self.assertIsInstance(w["Document"], str)
                    self.assertEqual(json.loads(unquote(w["Document"])), v["Document"])
            for x in b["UserDetailList"] + b["GroupDetailList"]:
                for p in x.get("UserPolicyList", []) + x.get("GroupPolicyList", []):
                    self.assertIsInstance(p["PolicyDocument"], str)

    # -- dense -----------------------------------------------------------------------------------------------------

    def check_dense(self, style: str, n: int):
        d = self.path(f"dense-{style}")
        out = run(d, "--dense", str(n), "--dense-style", style, "--seed", "5")
        self.assertIn(f"roles={n}", out)
        accounts, bucket_policies, buckets = load_dir(d)
        self.assertEqual(len(accounts), 1)
        (acct, a), = accounts.items()
        self.assertEqual(len(buckets), 1)
        (bucket, owner), = buckets.items()
        self.assertEqual(owner, acct)
        self.assertEqual(set(bucket_policies), {bucket})
        self.assertIn(f"arn:aws:s3:::{bucket}/*", bucket_policies[bucket]["Policy"])
        roles = a["RoleDetailList"]
        self.assertEqual(len(roles), n)
        arns = [r["Arn"] for r in roles]
        self.assertEqual(len(set(arns)), n)
        self.assertEqual(len({r["RoleId"] for r in roles}), n)
        for r in roles:
            keys_ok(self, r, ROLE_KEYS, "dense role")
            (s,) = statements(r["AssumeRolePolicyDocument"])
            pols = {p["PolicyName"]: statements(p["PolicyDocument"]) for p in r["RolePolicyList"]}
            s3 = [st for ss in pols.values() for st in ss if st["Action"] == "s3:GetObject"]
            self.assertEqual([st["Resource"] for st in s3], [f"arn:aws:s3:::{bucket}/*"])
            if style == "arn":
                self.assertEqual(s["Principal"]["AWS"], arns)
            else:
                self.assertEqual(s["Principal"]["AWS"], f"arn:aws:iam::{acct}:root")
                assume = [st for ss in pols.values() for st in ss if st["Action"] == "sts:AssumeRole"]
                self.assertEqual([st["Resource"] for st in assume], [f"arn:aws:iam::{acct}:role/*"])
        # deterministic
        d2 = self.path(f"dense-{style}-again")
        run(d2, "--dense", str(n), "--dense-style", style, "--seed", "5")
        for name in os.listdir(d):
            self.assertTrue(filecmp.cmp(os.path.join(d, name), os.path.join(d2, name), shallow=False))

    def test_dense_arn(self):
        self.check_dense("arn", 25)

    def test_dense_root(self):
        self.check_dense("root", 25)

    def test_single_account_has_no_cross_account(self):
        d = self.path("single")
        run(d, "--accounts", "1", "--roles-per-account", "50", "--users-per-account", "3", "--seed", "9")
        accounts, _, _ = self.check_shape(d, 1, 50, 3, 2)
        (acct, a), = accounts.items()
        text = json.dumps(a)
        for other in set(re.findall(r"arn:aws:iam::(\d{12}):", text)):
            self.assertEqual(other, acct)


if __name__ == "__main__":
    unittest.main()
