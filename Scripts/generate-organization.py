#!/usr/bin/env python3
"""Generate a deterministic synthetic AWS organization for RoleChain (Python 3.11, stdlib only).

Usage:
    generate-organization.py --accounts A --roles-per-account R --users-per-account U --seed S --out DIR
                             [--buckets-per-account K] [--urlencode] [--indent [N]] [--force]
    generate-organization.py --dense N [--dense-style arn|root] --seed S --out DIR [--urlencode] [--indent [N]]

Examples:
    Scripts/generate-organization.py --accounts 3 --roles-per-account 10 --users-per-account 2 --seed 1 --out /tmp/org
    Scripts/generate-organization.py --accounts 500 --roles-per-account 200 --users-per-account 20 --seed 7 --out /tmp/org100k
    Scripts/generate-organization.py --dense 500 --dense-style root --seed 1 --out /tmp/dense500

Output (the conventions of the seed fixtures, see fixtures/seed/README.md):
    DIR/<12-digit-account-id>.json      `aws iam get-account-authorization-details` output for one account:
                                        {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}
    DIR/bucket-policy.<bucket>.json     `aws s3api get-bucket-policy` output: {"Policy": "<policy JSON as a string>"}
    DIR/buckets.json                    {"<bucket>": "<owner account id>"}

The output is a pure function of the arguments: the same arguments (in particular the same --seed) give
byte-identical files. Every random choice is drawn from `random.Random` instances seeded with strings derived
from --seed (string seeds are hashed with SHA-512 by `random`, so PYTHONHASHSEED does not matter).

How it works: a cheap planning pass first fixes every role's name, path and trust-policy kind, every user's
name, and every cross-account relation (cross-account trusts, the matching identity `sts:AssumeRole` grants in
the other account, cross-account bucket grants). Only these small tables (names/ARNs, a few tuples per
cross-account relation) are kept in memory. Then each account is generated, serialized and written on its own
(one account in memory at a time); its bucket policies are written right after it.

Notes on the mix (all fractions are the constants below):
  * same-account trusts naming a role/user ARN need no identity policy (the trust alone allows it), but some
    of the named principals get a redundant identity Allow anyway;
  * trusts naming an account root (same or other account) get 1-3 principals of that account with an identity
    Allow on the role; cross-account trusts naming a role ARN get the matching identity Allow in the other
    account with probability CROSS_IDENTITY_MATCH_FRACTION (the rest are dangling trusts: no edge);
  * role ARNs include the role path (e.g. arn:aws:iam::ID:role/service-role/NAME), as in real IAM;
  * some managed policies have two versions; only the default (v2) one is in force;
  * two permission boundaries exist per account: StandardBoundary (allows sts:AssumeRole and s3:*) and
    RestrictedBoundary (no sts:AssumeRole: a principal that has it cannot assume roles whatever it is granted).

--dense N writes ONE account with N roles that all trust each other (worst case for chain queries):
    --dense-style arn   each trust policy lists all N role ARNs (no identity policy needed, same account);
    --dense-style root  each trust names the account root and each role has an inline identity policy allowing
                        sts:AssumeRole on arn:aws:iam::ACCOUNT:role/*.
    Every role also has an inline s3:GetObject on arn:aws:s3:::dense-<account>/*; that bucket's policy allows
    s3:GetObject to the account root. --accounts/--roles-per-account/--users-per-account are ignored.

--urlencode writes every IAM policy document (trust policies, including the copies in
InstanceProfileList[].Roles[], inline policies, managed policy versions) as the raw IAM API form:
urllib.parse.quote(compact JSON, safe=''). Bucket policies are never URL-encoded (S3 returns plain JSON).

Output is compact JSON by default; --indent [N] pretty-prints (N defaults to 2). Refuses to write into a
non-empty DIR unless --force (files with the same names are then overwritten; other files are left alone).
Prints a one-line summary at the end.
"""

from __future__ import annotations

import argparse
import base64
import bisect
import json
import os
import random
import sys
import time
from collections import defaultdict
from urllib.parse import quote

# --------------------------------------------------------------------------------------------------------------
# Fractions of the mix (all deterministic given --seed)
# --------------------------------------------------------------------------------------------------------------

# Primary trust-policy kind of each role. Weights sum to 1.0.
TRUST_KIND_WEIGHTS = {
    "same_arn": 0.557,  # names 1-3 roles/users of the same account by ARN
    "cross_arn": 0.120,  # names 1-2 roles of other accounts by ARN
    "ec2": 0.060,  # {"Service": "ec2.amazonaws.com"} + an instance profile
    "lambda": 0.040,  # {"Service": "lambda.amazonaws.com"}
    "ecs": 0.020,  # {"Service": "ecs-tasks.amazonaws.com"}
    "oidc": 0.030,  # GitHub Actions OIDC provider, sts:AssumeRoleWithWebIdentity, aud/sub conditions
    "root_same": 0.100,  # arn:aws:iam::<same account>:root
    "root_other": 0.070,  # arn:aws:iam::<other account>:root
    "org_wildcard": 0.003,  # {"AWS": "*"} + StringEquals aws:PrincipalOrgID o-...
}
SAME_ARN_USER_FRACTION = 0.20  # each principal named in a same_arn trust is a user (else a role)
SAME_ARN_REDUNDANT_IDENTITY_FRACTION = 0.30  # ... and also gets an identity Allow on the role
EXTRA_TRUST_STATEMENT_FRACTION = 0.10  # roles with a 2nd trust statement naming one same-account role
TAG_SESSION_FRACTION = 0.10  # AWS-principal trust statements with Action [sts:AssumeRole, sts:TagSession]
EXTERNAL_ID_FRACTION = 0.25  # cross_arn / root_other trusts with a StringEquals sts:ExternalId condition
CROSS_IDENTITY_MATCH_FRACTION = 0.90  # cross_arn trusts whose named role gets the identity Allow it needs
CROSS_TO_HUB_FRACTION = 0.30  # cross-account principals taken from "hub" accounts (CI/CD, security)
HUB_ACCOUNT_FRACTION = 0.02  # share of accounts that are hubs (at least 1)
ROLE_PATH_FRACTION = 0.10  # roles with a non-"/" path (lambda roles: 50% /service-role/)
ROLE_TAG_FRACTION = 0.50
ROLE_LAST_USED_FRACTION = 0.30  # RoleLastUsed {LastUsedDate, Region} (else {})
STATEMENT_OBJECT_FRACTION = 0.10  # single-statement documents written with "Statement": {...} (not a list)

# Identity policies (roles and users)
ASSUME_INLINE_FRACTION = 0.70  # sts:AssumeRole grants as an inline policy (else a per-principal managed one)
ASSUME_PREFIX_FRACTION = 0.05  # principals with sts:AssumeRole on arn:aws:iam::*:role/<prefix>-*
ASSUME_STAR_FRACTION = 0.02  # principals with sts:AssumeRole on "*"
MFA_CONDITION_FRACTION = 0.30  # users' sts:AssumeRole statements with Bool aws:MultiFactorAuthPresent
SOURCE_IP_CONDITION_FRACTION = 0.03  # roles' sts:AssumeRole statements with IpAddress aws:SourceIp
S3_SPECIFIC_FRACTION = 0.15  # principals with S3 access on one specific bucket
S3_OTHER_ACCOUNT_BUCKET_FRACTION = 0.20  # ... where the bucket belongs to another account
S3_WRITE_FRACTION = 0.30  # ... with write (s3:PutObject + s3:GetObject on bucket/*) instead of read
S3_STAR_FRACTION = 0.02  # principals with s3:* on "*"
DENY_FRACTION = 0.02  # principals with a Deny (s3:DeleteObject on a bucket, or sts:AssumeRole on a role)
SHARED_ATTACH_FRACTION = 0.35  # principals with 1-2 of the account's shared customer-managed policies
AWS_S3_READONLY_FRACTION = 0.03  # principals with the AWS managed AmazonS3ReadOnlyAccess
BOUNDARY_FRACTION = 0.03  # roles/users with a permissions boundary
RESTRICTED_BOUNDARY_FRACTION = 0.30  # ... that is RestrictedBoundary (no sts:AssumeRole) instead of Standard

# Users and groups
USER_IN_GROUP_FRACTION = 0.80  # users in 1-2 groups
GROUP_WEIGHTS = {"Developers": 0.40, "Operators": 0.20, "DataEngineers": 0.20, "Auditors": 0.15, "Admins": 0.05}

# Buckets
DEFAULT_BUCKETS_PER_ACCOUNT = 2
BUCKET_CROSS_ACCOUNT_FRACTION = 0.40  # bucket policies with a cross-account s3:GetObject grant
BUCKET_CROSS_ROOT_FRACTION = 0.50  # ... to the other account's root (else to one of its roles)
BUCKET_VPCE_DENY_FRACTION = 0.10  # bucket policies with a Deny s3:* unless aws:SourceVpce

# --------------------------------------------------------------------------------------------------------------

ACCOUNT_BASE = 100000000000
ACCOUNT_STEP = 7919
PREFIXES = ["app", "data", "ci", "deploy", "ops", "audit", "etl", "svc", "sec", "ml"]
WORDS = [
    "reader", "writer", "admin", "runner", "worker", "api", "batch", "sync", "backup", "monitor", "ingest",
    "export", "billing", "search", "cache", "gateway", "scheduler", "analytics", "network", "build",
]
OTHER_ROLE_PATHS = ["/service-role/", "/teams/platform/", "/app/"]
FIRST_NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj"]
LAST_NAMES = ["smith", "jones", "garcia", "miller", "davis", "lopez", "wilson", "moore", "lee", "clark"]
BUCKET_PURPOSES = ["data", "logs", "artifacts", "backups", "reports"]
TAG_TEAMS = ["platform", "data", "security", "payments", "growth", "infra"]
GITHUB_REPOS = ["api", "web", "infra", "pipelines", "terraform", "mobile"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"]

TS_BASE = 1546300800  # 2019-01-01T00:00:00Z
TS_SPAN = 5 * 365 * 86400
TS_AWS_MANAGED = "2015-02-06T18:40:58+00:00"
TS_AWS_MANAGED_UPDATE = "2023-08-18T18:07:12+00:00"

AWS_MANAGED = {
    "AdministratorAccess": ("/", [{"Effect": "Allow", "Action": "*", "Resource": "*"}]),
    "AmazonS3ReadOnlyAccess": (
        "/",
        [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "s3-object-lambda:Get*", "s3-object-lambda:List*"],
          "Resource": "*"}],
    ),
    "AWSLambdaBasicExecutionRole": (
        "/service-role/",
        [{"Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
          "Resource": "*"}],
    ),
}

KIND_NAMES = list(TRUST_KIND_WEIGHTS)
K_SAME, K_CROSS, K_EC2, K_LAMBDA, K_ECS, K_OIDC, K_ROOT_SAME, K_ROOT_OTHER, K_ORG = range(len(KIND_NAMES))
SERVICE_OF_KIND = {K_EC2: "ec2.amazonaws.com", K_LAMBDA: "lambda.amazonaws.com", K_ECS: "ecs-tasks.amazonaws.com"}
_CUM_KIND = []
_acc = 0.0
for _w in TRUST_KIND_WEIGHTS.values():
    _acc += _w
    _CUM_KIND.append(_acc)
assert abs(_acc - 1.0) < 1e-9, "TRUST_KIND_WEIGHTS must sum to 1"
_GROUP_NAMES = list(GROUP_WEIGHTS)
_GROUP_W = list(GROUP_WEIGHTS.values())

_ID_BITS = 85  # 17 base32 characters
_ID_MASK = (1 << _ID_BITS) - 1
_ID_MULT = 0x1D3F84A5B2C6E7F9013B7 | 1  # odd => multiplication is a bijection mod 2**85


def account_id(i: int) -> str:
    return str(ACCOUNT_BASE + i * ACCOUNT_STEP)


def bucket_name(acct: str, b: int) -> str:
    return f"{BUCKET_PURPOSES[b % len(BUCKET_PURPOSES)]}-{acct}-{b}"


def iso(ts: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(ts))


def one_or_list(xs: list):
    return xs[0] if len(xs) == 1 else xs


def dedupe(xs: list) -> list:
    return list(dict.fromkeys(xs))


class Ids:
    """Unique, random-looking, deterministic IAM unique ids: PREFIX + 17 chars of [A-Z2-7] (21 chars)."""

    def __init__(self, seed: str):
        self.mask = random.Random(f"{seed}/ids").getrandbits(_ID_BITS)

    def make(self, prefix: str, account_index: int, local: int) -> str:
        x = (((account_index << 24) | local) * _ID_MULT ^ self.mask) & _ID_MASK
        return prefix + base64.b32encode((x << 3).to_bytes(11, "big")).decode()[:17]


class Writer:
    def __init__(self, out: str, indent: int | None):
        self.out = out
        self.indent = indent
        self.bytes = 0
        self.files = 0

    def dumps(self, obj) -> str:
        if self.indent is None:
            return json.dumps(obj, separators=(",", ":"))
        return json.dumps(obj, indent=self.indent)

    def write_obj(self, name: str, obj) -> None:
        self.write_text(name, self.dumps(obj))

    def write_text(self, name: str, text: str) -> None:
        data = text.encode("ascii")
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(data)
        self.bytes += len(data)
        self.files += 1

    def write_account(self, acct: str, users: list, groups: list, roles, policies: list) -> None:
        """Writes one account file. In compact mode roles are serialized one at a time (roles may be a generator);
        the result is byte-identical to json.dumps of the whole object."""
        name = f"{acct}.json"
        if self.indent is not None:
            self.write_obj(name, {"UserDetailList": users, "GroupDetailList": groups,
                                  "RoleDetailList": list(roles), "Policies": policies})
            return
        d = self.dumps
        n = 0
        with open(os.path.join(self.out, name), "wb") as f:
            def w(s: str) -> None:
                nonlocal n
                b = s.encode("ascii")
                f.write(b)
                n += len(b)
            w('{"UserDetailList":' + d(users) + ',"GroupDetailList":' + d(groups) + ',"RoleDetailList":[')
            first = True
            for r in roles:
                w(d(r) if first else "," + d(r))
                first = False
            w('],"Policies":' + d(policies) + "}")
        self.bytes += n
        self.files += 1


def make_encoder(urlencode: bool):
    if not urlencode:
        return lambda doc: doc
    return lambda doc: quote(json.dumps(doc, separators=(",", ":")), safe="")


# --------------------------------------------------------------------------------------------------------------
# Organization mode
# --------------------------------------------------------------------------------------------------------------


class Organization:
    def __init__(self, accounts: int, roles: int, users: int, buckets: int, seed: str, urlencode: bool):
        self.A, self.R, self.U, self.K = accounts, roles, users, buckets
        self.seed = seed
        self.enc = make_encoder(urlencode)
        self.ids = Ids(seed)
        self.accounts = [account_id(i) for i in range(accounts)]
        org_rng = random.Random(f"{seed}/org")
        self.org_id = "o-" + "".join(org_rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=10))
        self.hubs = list(range(max(1, round(accounts * HUB_ACCOUNT_FRACTION))))
        self.buckets = [[bucket_name(a, b) for b in range(buckets)] for a in self.accounts]
        self.stats = defaultdict(int)
        self._plan_names()
        self._plan_cross_account()

    # -- planning ------------------------------------------------------------------------------------------------

    def _plan_names(self) -> None:
        self.role_names: list[list[str]] = []
        self.role_paths: list[list[str]] = []
        self.role_arns: list[list[str]] = []
        self.kinds: list[bytearray] = []
        self.user_names: list[list[str]] = []
        for i, acct in enumerate(self.accounts):
            rng = random.Random(f"{self.seed}/names/{i}")
            names, paths, arns, kinds = [], [], [], bytearray(self.R)
            for j in range(self.R):
                kind = min(bisect.bisect_right(_CUM_KIND, rng.random()), len(_CUM_KIND) - 1)
                if self.A == 1 and kind == K_CROSS:
                    kind = K_SAME
                elif self.A == 1 and kind == K_ROOT_OTHER:
                    kind = K_ROOT_SAME
                kinds[j] = kind
                name = f"{rng.choice(PREFIXES)}-{rng.choice(WORDS)}-{j:04d}"
                if kind == K_LAMBDA and rng.random() < 0.5:
                    path = "/service-role/"
                elif rng.random() < ROLE_PATH_FRACTION:
                    path = rng.choice(OTHER_ROLE_PATHS)
                else:
                    path = "/"
                names.append(name)
                paths.append(path)
                arns.append(f"arn:aws:iam::{acct}:role{path}{name}")
            self.role_names.append(names)
            self.role_paths.append(paths)
            self.role_arns.append(arns)
            self.kinds.append(kinds)
            self.user_names.append(
                [f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{u}" for u in range(self.U)])

    def _other_account(self, rng: random.Random, i: int) -> int:
        if rng.random() < CROSS_TO_HUB_FRACTION:
            hubs = [h for h in self.hubs if h != i]
            if hubs:
                return rng.choice(hubs)
        k = rng.randrange(self.A - 1)
        return k + 1 if k >= i else k

    def _plan_cross_account(self) -> None:
        A, R = self.A, self.R
        self.x_trust: list[dict] = [{} for _ in range(A)]  # role j -> (principal ARNs, external id or None)
        self.x_bucket: list[dict] = [{} for _ in range(A)]  # bucket b -> grantee principal ARNs
        self.in_assume: list[dict] = [defaultdict(list) for _ in range(A)]  # role j -> role ARNs it must be allowed
        self.in_s3: list[dict] = [defaultdict(list) for _ in range(A)]  # role j -> bucket names (read)
        if A < 2:
            return
        for i in range(A):
            rng = random.Random(f"{self.seed}/cross/{i}")
            arns_i = self.role_arns[i]
            for j, kind in enumerate(self.kinds[i]):
                if kind == K_CROSS:
                    principals = []
                    for _ in range(1 if rng.random() < 0.7 else 2):
                        k = self._other_account(rng, i)
                        m = rng.randrange(R)
                        principals.append(self.role_arns[k][m])
                        if rng.random() < CROSS_IDENTITY_MATCH_FRACTION:
                            self.in_assume[k][m].append(arns_i[j])
                    ext = self._external_id(rng) if rng.random() < EXTERNAL_ID_FRACTION else None
                    self.x_trust[i][j] = (dedupe(principals), ext)
                elif kind == K_ROOT_OTHER:
                    k = self._other_account(rng, i)
                    for _ in range(rng.randint(1, 2)):
                        self.in_assume[k][rng.randrange(R)].append(arns_i[j])
                    ext = self._external_id(rng) if rng.random() < EXTERNAL_ID_FRACTION else None
                    self.x_trust[i][j] = ([f"arn:aws:iam::{self.accounts[k]}:root"], ext)
            for b, bucket in enumerate(self.buckets[i]):
                grants = []
                if rng.random() < BUCKET_CROSS_ACCOUNT_FRACTION:
                    k = self._other_account(rng, i)
                    if rng.random() < BUCKET_CROSS_ROOT_FRACTION:
                        grants.append(f"arn:aws:iam::{self.accounts[k]}:root")
                        for _ in range(rng.randint(1, 2)):
                            self.in_s3[k][rng.randrange(R)].append(bucket)
                    else:
                        m = rng.randrange(R)
                        grants.append(self.role_arns[k][m])
                        self.in_s3[k][m].append(bucket)
                self.x_bucket[i][b] = grants

    @staticmethod
    def _external_id(rng: random.Random) -> str:
        return "ext-" + "%016x" % rng.getrandbits(64)

    # -- per-account generation ----------------------------------------------------------------------------------

    def generate(self, writer: Writer) -> None:
        for i in range(self.A):
            self._generate_account(i, writer)
        writer.write_obj("buckets.json", {b: self.accounts[i] for i in range(self.A) for b in self.buckets[i]})

    def _doc(self, rng: random.Random, stmts: list):
        if len(stmts) == 1 and rng.random() < STATEMENT_OBJECT_FRACTION:
            return {"Version": "2012-10-17", "Statement": stmts[0]}
        return {"Version": "2012-10-17", "Statement": stmts}

    def _ts(self, rng: random.Random) -> str:
        return iso(TS_BASE + rng.randrange(TS_SPAN))

    def _generate_account(self, i: int, writer: Writer) -> None:
        rng = random.Random(f"{self.seed}/account/{i}")
        acct = self.accounts[i]
        R, U = self.R, self.U
        st = self.stats
        enc = self.enc
        arns = self.role_arns[i]
        names = self.role_names[i]
        kinds = self.kinds[i]
        user_names = self.user_names[i]
        user_arns = [f"arn:aws:iam::{acct}:user/{u}" for u in user_names]
        own_buckets = self.buckets[i]
        local_id = iter(range(1 << 24))  # per-account counter for unique ids

        role_assume: list[list[str]] = [list(self.in_assume[i].get(j, ())) for j in range(R)]
        user_assume: list[list[str]] = [[] for _ in range(U)]
        role_s3: list[list[tuple[str, bool]]] = [[(b, False) for b in self.in_s3[i].get(j, ())] for j in range(R)]

        def pick_other_role(j: int) -> int:
            return j if R == 1 else (j + 1 + rng.randrange(R - 1)) % R

        # ---- shared customer-managed policies ----
        managed: dict[str, dict] = {}  # arn -> {"name","path","versions":[doc...],"desc"}
        counts: dict[str, int] = defaultdict(int)
        boundary_counts: dict[str, int] = defaultdict(int)

        def add_managed(name: str, path: str, versions: list, desc: str | None = None) -> str:
            arn = f"arn:aws:iam::{acct}:policy{path}{name}"
            managed[arn] = {"name": name, "path": path, "versions": versions, "desc": desc}
            return arn

        allow = "Allow"
        shared = [
            add_managed("PlatformDeployAssume", "/", [
                self._doc(rng, [{"Effect": allow, "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{acct}:role/*"}]),
                self._doc(rng, [{"Effect": allow, "Action": "sts:AssumeRole",
                                 "Resource": f"arn:aws:iam::{acct}:role/deploy-*"}]),
            ], "Lets CI assume the deploy-* roles"),
            add_managed("OrgOpsAssume", "/", [
                self._doc(rng, [{"Effect": allow, "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/ops-*"}]),
            ], "Assume ops-* roles in any account"),
            add_managed("LogsWrite", "/", [
                self._doc(rng, [{"Effect": allow, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                 "Resource": "*"}]),
            ]),
            add_managed("DenyObjectDeletion", "/guardrails/", [
                self._doc(rng, [{"Sid": "DenyDelete", "Effect": "Deny",
                                 "Action": ["s3:DeleteObject", "s3:DeleteObjectVersion"],
                                 "Resource": "arn:aws:s3:::*/*"}]),
            ], "Guardrail"),
        ]
        if own_buckets:
            b0 = own_buckets[0]
            shared.append(add_managed("DataBucketRead", "/data/", [
                self._doc(rng, [{"Effect": allow, "Action": "s3:*",
                                 "Resource": [f"arn:aws:s3:::{b0}", f"arn:aws:s3:::{b0}/*"]}]),
                self._doc(rng, [
                    {"Effect": allow, "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{b0}"},
                    {"Effect": allow, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b0}/*"},
                ]),
            ], f"Read {b0}"))
        boundary_std = add_managed("StandardBoundary", "/boundaries/", [
            self._doc(rng, [
                {"Effect": allow, "Action": ["s3:*", "sts:AssumeRole", "logs:*", "ec2:Describe*"], "Resource": "*"},
                {"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
            ]),
        ], "Permissions boundary")
        boundary_restricted = add_managed("RestrictedBoundary", "/boundaries/", [
            self._doc(rng, [{"Effect": allow, "Action": ["s3:GetObject", "s3:ListBucket", "logs:*"],
                             "Resource": "*"}]),
        ], "Permissions boundary without sts:AssumeRole")

        def aws_managed_arn(name: str) -> str:
            return f"arn:aws:iam::aws:policy{AWS_MANAGED[name][0]}{name}"

        def attached_entry(arn: str) -> dict:
            counts[arn] += 1
            return {"PolicyName": arn.rsplit("/", 1)[1], "PolicyArn": arn}

        # ---- trust policies ----
        trust_stmts: list[list[dict]] = []
        for j in range(R):
            kind = kinds[j]
            stmts = []
            if kind == K_SAME:
                principals = []
                for _ in range(rng.randint(1, 3)):
                    if U and rng.random() < SAME_ARN_USER_FRACTION:
                        u = rng.randrange(U)
                        principals.append(user_arns[u])
                        if rng.random() < SAME_ARN_REDUNDANT_IDENTITY_FRACTION:
                            user_assume[u].append(arns[j])
                    else:
                        r = pick_other_role(j)
                        principals.append(arns[r])
                        if rng.random() < SAME_ARN_REDUNDANT_IDENTITY_FRACTION:
                            role_assume[r].append(arns[j])
                stmts.append(self._aws_trust(rng, dedupe(principals)))
            elif kind in (K_CROSS, K_ROOT_OTHER):
                principals, ext = self.x_trust[i][j]
                s = self._aws_trust(rng, principals)
                if ext:
                    s["Condition"] = {"StringEquals": {"sts:ExternalId": ext}}
                    st["external_id_trusts"] += 1
                stmts.append(s)
            elif kind in SERVICE_OF_KIND:
                stmts.append({"Effect": allow, "Principal": {"Service": SERVICE_OF_KIND[kind]},
                              "Action": "sts:AssumeRole"})
            elif kind == K_OIDC:
                repo = rng.choice(GITHUB_REPOS)
                sub = (f"repo:example-org/{repo}:ref:refs/heads/main" if rng.random() < 0.6
                       else f"repo:example-org/{repo}:environment:prod")
                stmts.append({
                    "Effect": allow,
                    "Principal": {"Federated": f"arn:aws:iam::{acct}:oidc-provider/token.actions.githubusercontent.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                                  "StringLike": {"token.actions.githubusercontent.com:sub": sub}},
                })
            elif kind == K_ROOT_SAME:
                stmts.append(self._aws_trust(rng, [f"arn:aws:iam::{acct}:root"]))
                for _ in range(rng.randint(1, 3)):
                    if U and rng.random() < 0.3:
                        user_assume[rng.randrange(U)].append(arns[j])
                    else:
                        role_assume[pick_other_role(j)].append(arns[j])
            else:  # K_ORG
                stmts.append({"Effect": allow, "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                              "Condition": {"StringEquals": {"aws:PrincipalOrgID": self.org_id}}})
            if R > 1 and rng.random() < EXTRA_TRUST_STATEMENT_FRACTION:
                stmts.append(self._aws_trust(rng, [arns[pick_other_role(j)]]))
            trust_stmts.append(stmts)
            st["trust_" + KIND_NAMES[kind]] += 1

        # ---- identity policies ----
        def identity(principal_name: str, is_user: bool, assume: list[str], s3: list[tuple[str, bool]]):
            inline, attached = [], []
            stmts = []
            if assume:
                s = {"Effect": allow, "Action": "sts:AssumeRole", "Resource": one_or_list(dedupe(assume))}
                if is_user and rng.random() < MFA_CONDITION_FRACTION:
                    s["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
                elif not is_user and rng.random() < SOURCE_IP_CONDITION_FRACTION:
                    s["Condition"] = {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}
                stmts.append(s)
            if rng.random() < ASSUME_PREFIX_FRACTION:
                stmts.append({"Effect": allow, "Action": "sts:AssumeRole",
                              "Resource": f"arn:aws:iam::*:role/{rng.choice(PREFIXES)}-*"})
                st["assume_prefix_grants"] += 1
            if rng.random() < ASSUME_STAR_FRACTION:
                stmts.append({"Effect": allow, "Action": "sts:AssumeRole", "Resource": "*"})
                st["assume_star_grants"] += 1
            if stmts:
                doc = self._doc(rng, stmts)
                if rng.random() < ASSUME_INLINE_FRACTION:
                    inline.append({"PolicyName": "AssumeRoles", "PolicyDocument": enc(doc)})
                else:
                    arn = add_managed(f"{principal_name}-assume", "/", [doc])
                    attached.append(attached_entry(arn))
            s3 = list(s3)
            if self.K and rng.random() < S3_SPECIFIC_FRACTION:
                if self.A > 1 and rng.random() < S3_OTHER_ACCOUNT_BUCKET_FRACTION:
                    k = rng.randrange(self.A)
                    bucket = self.buckets[k][rng.randrange(self.K)]
                else:
                    bucket = own_buckets[rng.randrange(self.K)]
                s3.append((bucket, rng.random() < S3_WRITE_FRACTION))
            if s3:
                s3_stmts = []
                for bucket, write in dict.fromkeys(s3):
                    if write:
                        s3_stmts.append({"Effect": allow, "Action": ["s3:PutObject", "s3:GetObject"],
                                         "Resource": f"arn:aws:s3:::{bucket}/*"})
                    else:
                        s3_stmts.append({"Effect": allow, "Action": ["s3:GetObject", "s3:ListBucket"],
                                         "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]})
                inline.append({"PolicyName": "S3Access", "PolicyDocument": enc(self._doc(rng, s3_stmts))})
            if rng.random() < S3_STAR_FRACTION:
                inline.append({"PolicyName": "S3Admin", "PolicyDocument": enc(self._doc(
                    rng, [{"Effect": allow, "Action": "s3:*", "Resource": "*"}]))})
                st["s3_star_grants"] += 1
            if rng.random() < DENY_FRACTION:
                if self.K and rng.random() < 0.5:
                    deny = {"Effect": "Deny", "Action": "s3:DeleteObject",
                            "Resource": f"arn:aws:s3:::{own_buckets[rng.randrange(self.K)]}/*"}
                else:
                    deny = {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": arns[rng.randrange(R)]}
                inline.append({"PolicyName": "Guardrails", "PolicyDocument": enc(self._doc(rng, [deny]))})
                st["deny_policies"] += 1
            if rng.random() < SHARED_ATTACH_FRACTION:
                for arn in rng.sample(shared, min(len(shared), rng.randint(1, 2))):
                    attached.append(attached_entry(arn))
            if rng.random() < AWS_S3_READONLY_FRACTION:
                attached.append(attached_entry(aws_managed_arn("AmazonS3ReadOnlyAccess")))
            boundary = None
            if rng.random() < BOUNDARY_FRACTION:
                barn = boundary_restricted if rng.random() < RESTRICTED_BOUNDARY_FRACTION else boundary_std
                boundary_counts[barn] += 1
                boundary = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": barn}
                st["boundaries"] += 1
            return inline, attached, boundary

        # ---- groups ----
        groups = []
        group_names = _GROUP_NAMES if U else []
        for gi, gname in enumerate(group_names):
            inline, attached = [], []
            if gname == "Developers":
                targets = dedupe([arns[rng.randrange(R)] for _ in range(rng.randint(1, 2))])
                inline.append({"PolicyName": "AssumeAppRoles", "PolicyDocument": enc(self._doc(rng, [
                    {"Effect": allow, "Action": "sts:AssumeRole",
                     "Resource": [f"arn:aws:iam::{acct}:role/app-*"] + targets}]))})
            elif gname == "Operators":
                inline.append({"PolicyName": "AssumeOpsRoles", "PolicyDocument": enc(self._doc(rng, [
                    {"Effect": allow, "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{acct}:role/ops-*",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]))})
                attached.append(attached_entry(shared[1]))
            elif gname == "DataEngineers":
                inline.append({"PolicyName": "AssumeDataRoles", "PolicyDocument": enc(self._doc(rng, [
                    {"Effect": allow, "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{acct}:role/data-*"}]))})
                if own_buckets:
                    attached.append(attached_entry(shared[-1]))
            elif gname == "Auditors":
                attached.append(attached_entry(aws_managed_arn("AmazonS3ReadOnlyAccess")))
            else:  # Admins
                attached.append(attached_entry(aws_managed_arn("AdministratorAccess")))
            groups.append({
                "Path": "/", "GroupName": gname, "GroupId": self.ids.make("AGPA", i, next(local_id)),
                "Arn": f"arn:aws:iam::{acct}:group/{gname}", "CreateDate": self._ts(rng),
                "GroupPolicyList": inline, "AttachedManagedPolicies": attached,
            })

        # ---- users ----
        users = []
        for u in range(U):
            uname = user_names[u]
            inline, attached, boundary = identity(uname, True, user_assume[u], [])
            glist = []
            if rng.random() < USER_IN_GROUP_FRACTION:
                glist = dedupe(rng.choices(_GROUP_NAMES, _GROUP_W, k=rng.randint(1, 2)))
            user = {"Path": "/", "UserName": uname, "UserId": self.ids.make("AIDA", i, next(local_id)),
                    "Arn": user_arns[u], "CreateDate": self._ts(rng), "UserPolicyList": inline,
                    "GroupList": glist, "AttachedManagedPolicies": attached}
            if boundary:
                user["PermissionsBoundary"] = boundary
            user["Tags"] = []
            users.append(user)

        # ---- roles ----
        roles = []
        for j in range(R):
            kind = kinds[j]
            name, path, arn = names[j], self.role_paths[i][j], arns[j]
            inline, attached, boundary = identity(name, False, role_assume[j], role_s3[j])
            if kind == K_LAMBDA:
                attached.append(attached_entry(aws_managed_arn("AWSLambdaBasicExecutionRole")))
            trust = enc(self._doc(rng, trust_stmts[j]))
            role_id = self.ids.make("AROA", i, next(local_id))
            created = self._ts(rng)
            profiles = []
            if kind == K_EC2:
                profiles.append({
                    "Path": path, "InstanceProfileName": name,
                    "InstanceProfileId": self.ids.make("AIPA", i, next(local_id)),
                    "Arn": f"arn:aws:iam::{acct}:instance-profile{path}{name}", "CreateDate": created,
                    "Roles": [{"Path": path, "RoleName": name, "RoleId": role_id, "Arn": arn, "CreateDate": created,
                               "AssumeRolePolicyDocument": trust, "MaxSessionDuration": 3600, "Tags": [],
                               "RoleLastUsed": {}}],
                    "Tags": [],
                })
            role = {"Path": path, "RoleName": name, "RoleId": role_id, "Arn": arn, "CreateDate": created,
                    "AssumeRolePolicyDocument": trust, "InstanceProfileList": profiles, "RolePolicyList": inline,
                    "AttachedManagedPolicies": attached}
            if boundary:
                role["PermissionsBoundary"] = boundary
            role["Tags"] = ([{"Key": "team", "Value": rng.choice(TAG_TEAMS)}]
                            if rng.random() < ROLE_TAG_FRACTION else [])
            role["RoleLastUsed"] = ({"LastUsedDate": self._ts(rng), "Region": rng.choice(REGIONS)}
                                    if rng.random() < ROLE_LAST_USED_FRACTION else {})
            roles.append(role)

        # ---- managed policy details ----
        policies = []
        for arn, m in managed.items():
            versions = m["versions"]
            n = len(versions)
            created = self._ts(rng)
            updated = self._ts(rng) if n > 1 else created
            if updated < created:
                created, updated = updated, created
            p = {"PolicyName": m["name"], "PolicyId": self.ids.make("ANPA", i, next(local_id)), "Arn": arn,
                 "Path": m["path"], "DefaultVersionId": f"v{n}", "AttachmentCount": counts.get(arn, 0),
                 "PermissionsBoundaryUsageCount": boundary_counts.get(arn, 0), "IsAttachable": True}
            if m["desc"]:
                p["Description"] = m["desc"]
            p["CreateDate"] = created
            p["UpdateDate"] = updated
            p["PolicyVersionList"] = [
                {"Document": enc(doc), "VersionId": f"v{v + 1}", "IsDefaultVersion": v == n - 1,
                 "CreateDate": created if v == 0 else updated}
                for v, doc in reversed(list(enumerate(versions)))
            ]
            policies.append(p)
        for name, (path, stmts) in AWS_MANAGED.items():
            arn = aws_managed_arn(name)
            if counts.get(arn):
                policies.append({
                    "PolicyName": name, "PolicyId": self.ids.make("ANPA", 1 << 40, list(AWS_MANAGED).index(name)),
                    "Arn": arn, "Path": path, "DefaultVersionId": "v1", "AttachmentCount": counts[arn],
                    "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                    "CreateDate": TS_AWS_MANAGED, "UpdateDate": TS_AWS_MANAGED_UPDATE,
                    "PolicyVersionList": [{"Document": enc({"Version": "2012-10-17", "Statement": stmts}),
                                           "VersionId": "v1", "IsDefaultVersion": True,
                                           "CreateDate": TS_AWS_MANAGED}],
                })

        writer.write_account(acct, users, groups, roles, policies)
        st["roles"] += R
        st["users"] += U
        st["groups"] += len(groups)
        st["managed_policies"] += len(policies)

        # ---- bucket policies ----
        for b, bucket in enumerate(own_buckets):
            barn = f"arn:aws:s3:::{bucket}"
            readers = dedupe([arns[rng.randrange(R)] for _ in range(rng.randint(1, 3))])
            stmts = [{"Sid": "AllowRoleRead", "Effect": allow, "Principal": {"AWS": one_or_list(readers)},
                      "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [barn, f"{barn}/*"]}]
            grants = self.x_bucket[i].get(b)
            if grants:
                stmts.append({"Sid": "AllowCrossAccountRead", "Effect": allow, "Principal": {"AWS": one_or_list(grants)},
                              "Action": "s3:GetObject", "Resource": f"{barn}/*"})
                st["bucket_cross_account_grants"] += 1
            if rng.random() < BUCKET_VPCE_DENY_FRACTION:
                stmts.append({"Sid": "DenyOutsideVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                              "Resource": [barn, f"{barn}/*"],
                              "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-%017x" % rng.getrandbits(68)}}})
                st["bucket_vpce_denies"] += 1
            writer.write_obj(f"bucket-policy.{bucket}.json",
                             {"Policy": json.dumps({"Version": "2012-10-17", "Statement": stmts})})
            st["buckets"] += 1

    def _aws_trust(self, rng: random.Random, principals: list[str]) -> dict:
        action = ["sts:AssumeRole", "sts:TagSession"] if rng.random() < TAG_SESSION_FRACTION else "sts:AssumeRole"
        return {"Effect": "Allow", "Principal": {"AWS": one_or_list(principals)}, "Action": action}


# --------------------------------------------------------------------------------------------------------------
# Dense mode
# --------------------------------------------------------------------------------------------------------------


def generate_dense(n: int, style: str, seed: str, urlencode: bool, writer: Writer) -> dict:
    enc = make_encoder(urlencode)
    ids = Ids(seed)
    rng = random.Random(f"{seed}/dense")
    acct = account_id(0)
    bucket = f"dense-{acct}"
    names = [f"dense-role-{j:05d}" for j in range(n)]
    arns = [f"arn:aws:iam::{acct}:role/{name}" for name in names]
    s3_inline = {"PolicyName": "ReadDenseBucket", "PolicyDocument": enc({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]})}
    if style == "arn":
        # One shared list object: the trust of every role lists all N role ARNs.
        trust = enc({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": arns}, "Action": "sts:AssumeRole"}]})
        inline = [s3_inline]
    else:
        trust = enc({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:root"}, "Action": "sts:AssumeRole"}]})
        inline = [{"PolicyName": "AssumeAnyRole", "PolicyDocument": enc({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                           "Resource": f"arn:aws:iam::{acct}:role/*"}]})}, s3_inline]

    def roles():
        for j in range(n):
            yield {"Path": "/", "RoleName": names[j], "RoleId": ids.make("AROA", 0, j), "Arn": arns[j],
                   "CreateDate": iso(TS_BASE + rng.randrange(TS_SPAN)), "AssumeRolePolicyDocument": trust,
                   "InstanceProfileList": [], "RolePolicyList": inline, "AttachedManagedPolicies": [],
                   "Tags": [], "RoleLastUsed": {}}

    writer.write_account(acct, [], [], roles(), [])
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowAccountRead", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:root"},
         "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    writer.write_obj(f"bucket-policy.{bucket}.json", {"Policy": json.dumps(policy)})
    writer.write_obj("buckets.json", {bucket: acct})
    return {"accounts": 1, "roles": n, "users": 0, "groups": 0, "managed_policies": 0, "buckets": 1}


# --------------------------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--accounts", type=int, help="number of accounts (>= 1)")
    p.add_argument("--roles-per-account", type=int, help="roles per account (>= 1)")
    p.add_argument("--users-per-account", type=int, help="IAM users per account (>= 0)")
    p.add_argument("--buckets-per-account", type=int, default=DEFAULT_BUCKETS_PER_ACCOUNT,
                   help=f"S3 buckets per account (default {DEFAULT_BUCKETS_PER_ACCOUNT})")
    p.add_argument("--seed", required=True, help="random seed (any string; same seed => byte-identical output)")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--dense", type=int, metavar="N",
                   help="instead: ONE account with N roles that all trust each other")
    p.add_argument("--dense-style", choices=["arn", "root"], default="arn",
                   help="arn: every trust lists all N role ARNs; root: trust = account root + identity "
                        "sts:AssumeRole on role/* (default arn)")
    p.add_argument("--urlencode", action="store_true",
                   help="write IAM policy documents as URL-encoded JSON strings (raw IAM API form)")
    p.add_argument("--indent", type=int, nargs="?", const=2, default=None, metavar="N",
                   help="pretty-print JSON (N spaces, default 2) instead of compact")
    p.add_argument("--force", action="store_true", help="allow writing into a non-empty output directory")
    a = p.parse_args(argv)
    if a.dense is not None:
        if a.dense < 1:
            p.error("--dense N needs N >= 1")
    else:
        missing = [f for f in ("accounts", "roles_per_account", "users_per_account") if getattr(a, f) is None]
        if missing:
            p.error("required (unless --dense): " + ", ".join("--" + m.replace("_", "-") for m in missing))
        if a.accounts < 1 or a.roles_per_account < 1 or a.users_per_account < 0 or a.buckets_per_account < 0:
            p.error("need --accounts >= 1, --roles-per-account >= 1, --users-per-account >= 0, "
                    "--buckets-per-account >= 0")
        if ACCOUNT_BASE + (a.accounts - 1) * ACCOUNT_STEP > 999999999999:
            p.error("too many accounts for 12-digit account ids")
        if a.roles_per_account + a.users_per_account + 16 > (1 << 24) // 2:
            p.error("too many principals per account")
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(sys.argv[1:] if argv is None else argv)
    t0 = time.perf_counter()
    os.makedirs(a.out, exist_ok=True)
    if os.listdir(a.out) and not a.force:
        print(f"error: {a.out} is not empty (use --force to write into it anyway)", file=sys.stderr)
        return 2
    writer = Writer(a.out, a.indent)
    if a.dense is not None:
        stats = generate_dense(a.dense, a.dense_style, a.seed, a.urlencode, writer)
        extra = f" dense={a.dense_style}"
    else:
        org = Organization(a.accounts, a.roles_per_account, a.users_per_account, a.buckets_per_account,
                           a.seed, a.urlencode)
        org.generate(writer)
        stats = defaultdict(int, org.stats)
        stats["accounts"] = a.accounts
        extra = ""
    dt = time.perf_counter() - t0
    print(f"accounts={stats['accounts']} roles={stats['roles']} users={stats['users']} groups={stats['groups']} "
          f"managed_policies={stats['managed_policies']} buckets={stats['buckets']} files={writer.files} "
          f"bytes={writer.bytes} ({writer.bytes / 1e6:.1f} MB){extra} seconds={dt:.2f} out={a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
