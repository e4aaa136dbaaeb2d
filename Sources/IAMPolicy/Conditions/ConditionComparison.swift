/// One request value against one policy value under a positive operator
/// (negated operators are complemented over the whole value list by the
/// evaluator). Operator semantics follow
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.
///
/// A value that cannot be read as the operator's type gives `.unknown`
/// rather than `false`: AWS does not document the runtime result of a type
/// mismatch (semantics.md R7.3), and `unknown` keeps both an Allow and a Deny
/// from being decided on a guess. Bool and ARN are the exceptions the brief
/// fixes: a request value that is not a boolean or not an ARN simply does not
/// match.
enum ConditionComparison {
    static func matches(request: String, policy: ConditionValuePattern, operator base: ConditionOperator.Base) -> Truth
    {
        switch base.positive {
        case .stringEquals:
            return Truth(request == policy.text)
        case .stringEqualsIgnoreCase:
            return Truth(request.lowercased() == policy.text.lowercased())
        case .stringLike:
            return Truth(policy.glob.matches(request))
        case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
            return compare(number(request), number(policy.text), base.positive)
        case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            return compare(
                ConditionDate.secondsSinceEpoch(request),
                ConditionDate.secondsSinceEpoch(policy.text),
                base.positive
            )
        case .bool:
            let value = request.lowercased()
            guard value == "true" || value == "false" else { return .false }
            return Truth(value == policy.text.lowercased())
        case .binaryEquals:
            // AWS compares bytes against the base-64 text; equal bytes have equal
            // canonical base-64, so comparing the texts is exact for canonical input.
            return Truth(request == policy.text)
        case .ipAddress:
            guard let network = IPAddressRange(policy.text), let address = IPAddressRange(request) else {
                return .unknown
            }
            return Truth(network.contains(address))
        case .arnEquals, .arnLike:
            return arnMatches(request: request, pattern: policy.glob)
        case .null, .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
            .notIpAddress, .arnNotEquals, .arnNotLike:
            // `Null` is decided by key presence alone and `positive` never
            // returns a negated operator; answering unknown keeps this total.
            return .unknown
        }
    }

    /// Numbers are "integer or decimal" text; anything else, including Swift's
    /// extras (`nan`, `inf`, hexadecimal), is not a number to IAM.
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ Self.numericBytes.contains($0) }),
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    private static let numericBytes = Set("0123456789+-.eE".utf8)

    private static func compare(_ request: Double?, _ policy: Double?, _ base: ConditionOperator.Base) -> Truth {
        guard let request, let policy else { return .unknown }
        switch base {
        case .numericEquals, .dateEquals: return Truth(request == policy)
        case .numericLessThan, .dateLessThan: return Truth(request < policy)
        case .numericLessThanEquals, .dateLessThanEquals: return Truth(request <= policy)
        case .numericGreaterThan, .dateGreaterThan: return Truth(request > policy)
        case .numericGreaterThanEquals, .dateGreaterThanEquals: return Truth(request >= policy)
        default: return .unknown
        }
    }

    /// "Each of the six colon-delimited components of the ARN is checked
    /// separately and each can include … wildcards"; `ArnEquals` and `ArnLike`
    /// behave identically (R2.9). A pattern that is only `*` accepts any ARN.
    /// A pattern with fewer than six fields is not documented (ambiguous), so
    /// it gives `.unknown` rather than a guess in either direction.
    private static func arnMatches(request: String, pattern: ConditionGlob) -> Truth {
        guard ARN(request) != nil else { return .false }
        if pattern.matchesEverything { return .true }
        let patternFields = pattern.arnFields
        guard patternFields.count == 6 else { return .unknown }
        let requestFields = request.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return Truth(zip(patternFields, requestFields).allSatisfy { $0.matches($1) })
    }
}
