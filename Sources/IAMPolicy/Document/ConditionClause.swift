/// One operator–key pair of a `Condition` block with its values, kept as
/// written so that reports quote the policy and undecidable conditions can
/// travel with an edge.
public struct ConditionClause: Sendable, Hashable, Codable, CustomStringConvertible {
    /// As written: `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`.
    public var operatorName: String
    /// As written: `aws:PrincipalOrgID`; IAM compares key names case-insensitively.
    public var key: String
    /// Scalars as text (`true`, `3600`); IAM ORs them (or NORs, for negated operators).
    public var values: [String]

    public init(operatorName: String, key: String, values: [String]) {
        self.operatorName = operatorName
        self.key = key
        self.values = values
    }

    public var description: String {
        let quoted = values.map { "\"\($0)\"" }
        let shown = quoted.count == 1 ? quoted[0] : "[" + quoted.joined(separator: ", ") + "]"
        return "\(operatorName) \(key) \(shown)"
    }
}
