/// Where a statement comes from, so every hop of a chain can name the
/// statement that allows or blocks it (issue 3: "why and why not").
public struct StatementCitation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of policy, which also says which side of the request it is on.
    public enum PolicyKind: String, Sendable, Hashable, Codable {
        case inline
        case managed
        case groupInline = "group-inline"
        case groupManaged = "group-managed"
        case trust
        case bucket
        case boundary
        case scp
        case rcp
    }

    public var kind: PolicyKind
    /// Managed policy ARN, inline policy name, bucket name or SCP id.
    public var policy: String
    /// The principal, group or bucket the policy belongs to, when that is not the policy itself.
    public var owner: String?
    public var index: Int
    public var sid: String?
    /// The store's row id of the statement, when it came from the store.
    public var statementID: Int64?

    public init(
        kind: PolicyKind,
        policy: String,
        owner: String? = nil,
        index: Int,
        sid: String? = nil,
        statementID: Int64? = nil
    ) {
        self.kind = kind
        self.policy = policy
        self.owner = owner
        self.index = index
        self.sid = sid
        self.statementID = statementID
    }

    public var description: String {
        let statement = sid.flatMap { $0.isEmpty ? nil : "Sid \($0)" } ?? "Statement[\(index)]"
        switch kind {
        case .inline, .groupInline:
            let ownerText = owner.map { " of \($0)" } ?? ""
            return "\(kind == .groupInline ? "group " : "")inline policy \(policy)\(ownerText), \(statement)"
        case .managed, .groupManaged:
            let via = kind == .groupManaged ? (owner.map { " (via group \($0))" } ?? "") : ""
            return "managed policy \(policy)\(via), \(statement)"
        case .trust: return "trust policy of \(owner ?? policy), \(statement)"
        case .bucket: return "bucket policy of \(owner ?? policy), \(statement)"
        case .boundary: return "permissions boundary \(policy), \(statement)"
        case .scp: return "SCP \(policy)\(owner.map { " on \($0)" } ?? ""), \(statement)"
        case .rcp: return "RCP \(policy)\(owner.map { " on \($0)" } ?? ""), \(statement)"
        }
    }
}
