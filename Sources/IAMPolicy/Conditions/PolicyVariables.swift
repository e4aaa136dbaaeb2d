/// A condition value once its policy variables have been looked up.
enum ResolvedConditionValue: Sendable, Hashable {
    case value(ConditionValuePattern)
    /// A variable's key is certainly absent and has no default: the value
    /// matches no request value, so positive operators fail on it and negated
    /// ones succeed (R2.7).
    case matchesNothing
    /// A variable's key depends on what the snapshot cannot see.
    case unknown
}

/// Substitution of `${key}` in condition values under policy language
/// `2012-10-17` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
///
/// Supported: `${key}`, the fixed `${*}` `${?}` `${$}`, and a default as in
/// `${aws:username, 'anonymous'}`, used when the key is absent. Text that does
/// not form a complete variable (`${`, `${}`, an unclosed quote) stays literal,
/// since AWS would not substitute it either.
enum PolicyVariables {
    static func resolve(_ text: String, in context: any ConditionContext) -> ResolvedConditionValue {
        let scalars = Array(text.unicodeScalars)
        var pieces: [ConditionValuePattern.Piece] = []
        var written = String.UnicodeScalarView()
        var dependsOnUnknown = false
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "$", index + 1 < scalars.count, scalars[index + 1] == "{",
                let variable = parseVariable(scalars, bodyStart: index + 2)
            else {
                written.append(scalars[index])
                index += 1
                continue
            }
            if !written.isEmpty {
                pieces.append(.written(String(written)))
                written = String.UnicodeScalarView()
            }
            switch substitution(for: variable, in: context) {
            case .value(let pattern): pieces.append(contentsOf: pattern.pieces)
            // One missing variable already decides the value, whatever the others are.
            case .matchesNothing: return .matchesNothing
            case .unknown: dependsOnUnknown = true
            }
            index = variable.end
        }
        if !written.isEmpty { pieces.append(.written(String(written))) }
        return dependsOnUnknown ? .unknown : .value(ConditionValuePattern(pieces: pieces))
    }

    private struct Variable {
        var key: String
        var defaultValue: String?
        /// Index just past the closing `}`.
        var end: Int
    }

    private static func substitution(for variable: Variable, in context: any ConditionContext)
        -> ResolvedConditionValue
    {
        if variable.defaultValue == nil, ["*", "?", "$"].contains(variable.key) {
            return .value(ConditionValuePattern(pieces: [.substituted(variable.key)]))
        }
        let fallback: ResolvedConditionValue =
            variable.defaultValue.map { .value(ConditionValuePattern(pieces: [.substituted($0)])) } ?? .matchesNothing
        switch context.value(forKey: variable.key) {
        case .present(let values):
            // Only single-valued keys can be variables ("you can't use a
            // multivalued context key as a policy variable"), so a key with
            // several values resolves like a missing one.
            guard values.count == 1, let value = values.first else { return fallback }
            return .value(ConditionValuePattern(pieces: [.substituted(value)]))
        case .absent: return fallback
        case .unknown: return .unknown
        }
    }

    /// Parses `key}` or `key, 'default'}` starting after `${`.
    private static func parseVariable(_ scalars: [Unicode.Scalar], bodyStart: Int) -> Variable? {
        var index = bodyStart
        var key = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "}", scalars[index] != "," {
            key.append(scalars[index])
            index += 1
        }
        guard index < scalars.count else { return nil }
        var defaultValue: String?
        if scalars[index] == "," {
            index += 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, scalars[index] == "'" else { return nil }
            index += 1
            var text = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "'" {
                text.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { return nil }
            index += 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, scalars[index] == "}" else { return nil }
            defaultValue = String(text)
        }
        let trimmed = String(key).trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        return Variable(key: trimmed, defaultValue: defaultValue, end: index + 1)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
            let last = scalars.lastIndex(where: { $0 != " " })
        else { return "" }
        return String(scalars[first...last])
    }
}
