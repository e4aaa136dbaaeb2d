/// A parsed operator name: qualifier (ForAnyValue:/ForAllValues:), base operator, IfExists.
///
/// Operator names are matched case-sensitively. The AWS pages never state the
/// rule for operator names (they only say that context *key* names are
/// case-insensitive, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
/// but IAM rejects a lower-cased operator at save time — `CreateRole` answers
/// "MalformedPolicyDocument: Invalid Condition type : stringEquals"
/// (https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893).
/// So a spelling other than the documented one
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
/// is an operator AWS does not have, and the evaluator answers `.unknown` for it.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    public enum Qualifier: Sendable {
        case none, forAnyValue, forAllValues
    }

    /// Raw values are the AWS names with a lower-case first letter, so the
    /// documented spelling is `rawValue` with its first letter upper-cased.
    public enum Base: String, Sendable, CaseIterable {
        case stringEquals, stringNotEquals, stringEqualsIgnoreCase, stringNotEqualsIgnoreCase, stringLike, stringNotLike
        case numericEquals, numericNotEquals, numericLessThan, numericLessThanEquals, numericGreaterThan
        case numericGreaterThanEquals
        case dateEquals, dateNotEquals, dateLessThan, dateLessThanEquals, dateGreaterThan, dateGreaterThanEquals
        case bool, binaryEquals, ipAddress, notIpAddress
        case arnEquals, arnNotEquals, arnLike, arnNotLike
        case null

        /// The spelling AWS documents and accepts (`StringEquals`, `IpAddress`).
        public var awsName: String {
            rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }

        fileprivate static let byAWSName: [String: Base] = Dictionary(
            uniqueKeysWithValues: allCases.map { ($0.awsName, $0) }
        )
    }

    public var qualifier: Qualifier
    public var base: Base
    public var ifExists: Bool

    public init(qualifier: Qualifier = .none, base: Base, ifExists: Bool = false) {
        self.qualifier = qualifier
        self.base = base
        self.ifExists = ifExists
    }

    /// Returns nil for a name AWS does not accept, including `NullIfExists`
    /// ("add IfExists to the end of any condition operator name except the
    /// Null condition", condition-operators page above) and a set qualifier on
    /// `Null`, which tests presence rather than values and so has no set to
    /// quantify over.
    public init?(_ name: String) {
        var rest = Substring(name)
        var qualifier = Qualifier.none
        if rest.hasPrefix("ForAnyValue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("ForAnyValue:".count)
        } else if rest.hasPrefix("ForAllValues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("ForAllValues:".count)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base.byAWSName[String(rest)] else { return nil }
        if base == .null, ifExists || qualifier != .none { return nil }
        self.init(qualifier: qualifier, base: base, ifExists: ifExists)
    }

    /// The name as AWS spells it, for reports and lint messages.
    public var name: String {
        let prefix: String
        switch qualifier {
        case .none: prefix = ""
        case .forAnyValue: prefix = "ForAnyValue:"
        case .forAllValues: prefix = "ForAllValues:"
        }
        return prefix + base.awsName + (ifExists ? "IfExists" : "")
    }

    public var description: String { name }

    /// Negated operators turn a missing key into `true` and a list of values
    /// into "matches none of them" (R2.11); `StringNotEqualsIgnoreCase` is one
    /// of them too.
    public var isNegated: Bool { base.isNegated }

    /// The key type the operator expects: "String", "Numeric", "Date", "Bool", "Binary", "IPAddress", "ARN", or nil for Null (for lint rules on type mismatches).
    public var expectedKeyType: String? {
        switch base {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
            .stringNotLike:
            "String"
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
            .numericGreaterThanEquals:
            "Numeric"
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            "Date"
        case .bool: "Bool"
        case .binaryEquals: "Binary"
        case .ipAddress, .notIpAddress: "IPAddress"
        case .arnEquals, .arnNotEquals, .arnLike, .arnNotLike: "ARN"
        case .null: nil
        }
    }
}

extension ConditionOperator.Base {
    var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
            .notIpAddress, .arnNotEquals, .arnNotLike:
            true
        default: false
        }
    }

    /// The operator a negated one complements; negation is applied to the
    /// whole value list afterwards (NOR), not to each comparison.
    var positive: Self {
        switch self {
        case .stringNotEquals: .stringEquals
        case .stringNotEqualsIgnoreCase: .stringEqualsIgnoreCase
        case .stringNotLike: .stringLike
        case .numericNotEquals: .numericEquals
        case .dateNotEquals: .dateEquals
        case .notIpAddress: .ipAddress
        case .arnNotEquals: .arnEquals
        case .arnNotLike: .arnLike
        default: self
        }
    }

    /// Policy variables are substituted only for the operator families AWS
    /// lists as supporting them: String and ARN
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)
    /// and Bool (the condition-operators page says "You can use a policy
    /// variable with the Boolean condition operator", while the variables page
    /// leaves Bool out; we follow the operator page, which is the more specific one).
    /// Elsewhere `${…}` stays literal text, which then fails to parse as a
    /// number, date or address and so yields `.unknown`.
    var acceptsPolicyVariables: Bool {
        switch positive {
        case .stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnEquals, .arnLike, .bool: true
        default: false
        }
    }
}
