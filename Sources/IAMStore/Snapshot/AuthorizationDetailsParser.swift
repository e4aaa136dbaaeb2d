import IAMPolicy

/// Reads the JSON of `aws iam get-account-authorization-details` (R1.1–R1.7).
///
/// Lenient where AWS is (unknown fields, a lone object for a list, documents
/// as objects or URL-encoded strings, moto's missing `PolicyName`), strict
/// where a wrong guess would change an answer (an ARN that does not parse,
/// entities of two accounts in one file).
public enum AuthorizationDetailsParser {
    public static func parse(_ root: JSONValue, file: String) throws(StoreError) -> AccountSnapshot {
        let reader = JSONReader(root, file: file)
        let members = try reader.object()
        let known = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]
        guard known.contains(where: { members[$0] != nil }) else {
            throw reader.error(
                "expected the output of 'aws iam get-account-authorization-details' (an object with RoleDetailList, UserDetailList, GroupDetailList, Policies)"
            )
        }
        var accounts = AccountTracker(file: file)
        let users = try reader.list("UserDetailList").map { (entry) throws(StoreError) in try user(entry, &accounts) }
        let groups = try reader.list("GroupDetailList").map { (entry) throws(StoreError) in try group(entry, &accounts)
        }
        let roles = try reader.list("RoleDetailList").map { (entry) throws(StoreError) in try role(entry, &accounts) }
        let policyEntries = try reader.list("Policies")
        let policies = try policyEntries.map { (entry) throws(StoreError) in try managedPolicy(entry) }
        // Robustness: the store keeps one row per managed policy ARN, so a
        // policy listed twice (pages merged by hand) would fail in SQLite as
        // "cannot open the database: UNIQUE constraint failed"; name the place.
        var firstIndex: [String: Int] = [:]
        for (index, policy) in policies.enumerated() {
            if let first = firstIndex[policy.arn] {
                throw try policyEntries[index].required("Arn").error(
                    "the policy \(policy.arn) is listed twice (also at Policies[\(first)]); save the snapshot again with the AWS CLI"
                )
            }
            firstIndex[policy.arn] = index
        }
        let flagged = try reader.optional("IsTruncated")?.bool() ?? false
        let hasMarker = try reader.optional("Marker") != nil
        let hasToken = try reader.optional("NextToken") != nil
        let truncated = flagged || hasMarker || hasToken
        guard let account = accounts.account ?? accountFromFileName(file) else {
            throw reader.error(
                "cannot tell the account: no user, group or role ARN, and the file name is not <account id>.json"
            )
        }
        return AccountSnapshot(
            accountID: account.id,
            partition: account.partition,
            sourceFile: file,
            isTruncated: truncated,
            users: users,
            groups: groups,
            roles: roles,
            managedPolicies: policies
        )
    }

    // MARK: - Entities

    private static func user(_ entry: JSONReader, _ accounts: inout AccountTracker) throws(StoreError)
        -> AccountSnapshot.User
    {
        let arn = try accounts.record(entry.required("Arn"), expectedType: "user")
        return AccountSnapshot.User(
            arn: arn,
            name: try entry.optionalString("UserName") ?? ARN(arn)?.resourceName ?? arn,
            path: try entry.optionalString("Path") ?? "/",
            uniqueID: try entry.optionalString("UserId"),
            createdAt: try entry.optional("CreateDate")?.value.scalarText,
            inlinePolicies: try inlinePolicies(entry.list("UserPolicyList")),
            groupNames: try entry.list("GroupList").map { (name) throws(StoreError) in try name.string() },
            attachedPolicyArns: try attached(entry),
            permissionsBoundaryArn: try boundary(entry),
            tags: try tags(entry)
        )
    }

    private static func group(_ entry: JSONReader, _ accounts: inout AccountTracker) throws(StoreError)
        -> AccountSnapshot.Group
    {
        let arn = try accounts.record(entry.required("Arn"), expectedType: "group")
        return AccountSnapshot.Group(
            arn: arn,
            name: try entry.optionalString("GroupName") ?? ARN(arn)?.resourceName ?? arn,
            path: try entry.optionalString("Path") ?? "/",
            uniqueID: try entry.optionalString("GroupId"),
            createdAt: try entry.optional("CreateDate")?.value.scalarText,
            inlinePolicies: try inlinePolicies(entry.list("GroupPolicyList")),
            attachedPolicyArns: try attached(entry)
        )
    }

    private static func role(_ entry: JSONReader, _ accounts: inout AccountTracker) throws(StoreError)
        -> AccountSnapshot.Role
    {
        let arn = try accounts.record(entry.required("Arn"), expectedType: "role")
        let profiles = try entry.list("InstanceProfileList").map { (profile) throws(StoreError) in
            let profileArn = try profile.string("Arn")
            guard ARN(profileArn) != nil else {
                throw try profile.required("Arn").error("expected an instance profile ARN, found \"\(profileArn)\"")
            }
            return AccountSnapshot.InstanceProfile(
                arn: profileArn,
                name: try profile.optionalString("InstanceProfileName") ?? ARN(profileArn)?.resourceName ?? profileArn
            )
        }
        return AccountSnapshot.Role(
            arn: arn,
            name: try entry.optionalString("RoleName") ?? ARN(arn)?.resourceName ?? arn,
            path: try entry.optionalString("Path") ?? "/",
            uniqueID: try entry.optionalString("RoleId"),
            createdAt: try entry.optional("CreateDate")?.value.scalarText,
            trustPolicy: try entry.required("AssumeRolePolicyDocument").policyDocument(),
            instanceProfiles: profiles,
            inlinePolicies: try inlinePolicies(entry.list("RolePolicyList")),
            attachedPolicyArns: try attached(entry),
            permissionsBoundaryArn: try boundary(entry),
            tags: try tags(entry)
        )
    }

    private static func managedPolicy(_ entry: JSONReader) throws(StoreError) -> AccountSnapshot.ManagedPolicy {
        let arnReader = try entry.required("Arn")
        let arn = try arnReader.string()
        guard ARN(arn) != nil else { throw arnReader.error("expected a policy ARN, found \"\(arn)\"") }
        let versions = try entry.list("PolicyVersionList").map { (version) throws(StoreError) in
            AccountSnapshot.PolicyVersion(
                versionID: try version.optionalString("VersionId") ?? "",
                isDefault: try version.optional("IsDefaultVersion")?.bool() ?? false,
                document: try version.required("Document").policyDocument()
            )
        }
        return AccountSnapshot.ManagedPolicy(
            arn: arn,
            name: try entry.optionalString("PolicyName") ?? ARN(arn)?.resourceName ?? arn,
            defaultVersionID: try entry.optionalString("DefaultVersionId"),
            versions: versions
        )
    }

    // MARK: - Parts

    private static func inlinePolicies(_ entries: [JSONReader]) throws(StoreError) -> [AccountSnapshot.InlinePolicy] {
        try entries.map { (entry) throws(StoreError) in
            AccountSnapshot.InlinePolicy(
                name: try entry.string("PolicyName"),
                document: try entry.required("PolicyDocument").policyDocument()
            )
        }
    }

    private static func attached(_ entry: JSONReader) throws(StoreError) -> [String] {
        try entry.list("AttachedManagedPolicies", allowingSingleObject: true).map { (attachment) throws(StoreError) in
            try attachment.string("PolicyArn")
        }
    }

    private static func boundary(_ entry: JSONReader) throws(StoreError) -> String? {
        try entry.optional("PermissionsBoundary")?.optionalString("PermissionsBoundaryArn")
    }

    private static func tags(_ entry: JSONReader) throws(StoreError) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in try entry.list("Tags") {
            tags[try tag.string("Key")] = try tag.optional("Value")?.string() ?? ""
        }
        return tags
    }

    private static func accountFromFileName(_ file: String) -> (id: String, partition: String)? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let stem = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        return ARN.isAccountID(stem) ? (stem, "aws") : nil
    }
}

/// Checks that every entity ARN of a file parses and names one account:
/// one file is one account, and the account id comes from the ARNs (R1.7).
private struct AccountTracker {
    let file: String
    var account: (id: String, partition: String)?

    init(file: String) {
        self.file = file
    }

    mutating func record(_ reader: JSONReader, expectedType: String) throws(StoreError) -> String {
        let text = try reader.string()
        guard let arn = ARN(text), arn.service == "iam", ARN.isAccountID(arn.account), arn.resourceType == expectedType
        else {
            throw reader.error(
                "expected an IAM \(expectedType) ARN (arn:aws:iam::<12-digit account>:\(expectedType)/…), found \"\(text)\""
            )
        }
        if let account, account.id != arn.account || account.partition != arn.partition {
            throw reader.error(
                "this file mixes accounts: \(arn.account) here, \(account.id) before; save one account per file"
            )
        }
        account = (arn.account, arn.partition)
        return text
    }
}
