/// A condition value after policy-variable substitution, remembering which
/// characters came from the policy text and which were substituted.
///
/// `WildcardPattern` cannot express this: a `*` written in the policy is a
/// wildcard for `StringLike`/`ArnLike`, while one produced by `${*}` or by a
/// tag value is a literal asterisk
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html, "Special characters").
struct ConditionValuePattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        /// Policy text: `*` and `?` are wildcards for the `…Like` operators.
        case written(String)
        /// Substituted text: every character stands for itself.
        case substituted(String)
    }

    var pieces: [Piece]

    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// A value with no substitutions, as under policy language `2008-10-17` (R2.7).
    init(written text: String) {
        self.pieces = [.written(text)]
    }

    /// The value as plain text, for operators without wildcards.
    var text: String {
        pieces.map { piece in
            switch piece {
            case .written(let text), .substituted(let text): text
            }
        }
        .joined()
    }

    var glob: ConditionGlob {
        var tokens: [ConditionGlob.Token] = []
        for piece in pieces {
            switch piece {
            case .substituted(let text):
                tokens.append(contentsOf: text.unicodeScalars.map { .scalar($0) })
            case .written(let text):
                for scalar in text.unicodeScalars {
                    switch scalar {
                    case "*": if tokens.last != .anyRun { tokens.append(.anyRun) }
                    case "?": tokens.append(.anyOne)
                    default: tokens.append(.scalar(scalar))
                    }
                }
            }
        }
        return ConditionGlob(tokens: tokens)
    }
}

/// An IAM glob over Unicode scalars whose literal characters may include `*`
/// and `?`; `?` stands for one character, as the condition-operators page says
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
struct ConditionGlob: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case scalar(Unicode.Scalar)
        case anyOne
        case anyRun
    }

    var tokens: [Token]

    /// Whether the pattern accepts every string, so that it can stand for a
    /// whole ARN however many colons it has.
    var matchesEverything: Bool {
        !tokens.isEmpty && tokens.allSatisfy { $0 == .anyRun }
    }

    /// The up to six colon-separated fields of an ARN pattern; a colon in the
    /// resource field belongs to the resource, as in `ARN`.
    var arnFields: [ConditionGlob] {
        var fields: [ConditionGlob] = []
        var current: [Token] = []
        for token in tokens {
            if token == .scalar(":"), fields.count < 5 {
                fields.append(ConditionGlob(tokens: current))
                current = []
            } else {
                current.append(token)
            }
        }
        fields.append(ConditionGlob(tokens: current))
        return fields
    }

    func matches(_ candidate: some StringProtocol) -> Bool {
        matches(scalars: Array(candidate.unicodeScalars))
    }

    /// Greedy matching with one back-tracking point (the latest `*`), which is
    /// exact for patterns of literals, `?` and `*`.
    private func matches(scalars: [Unicode.Scalar]) -> Bool {
        var tokenIndex = 0
        var scalarIndex = 0
        var starToken = -1
        var starScalar = 0
        while scalarIndex < scalars.count {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anyRun:
                    starToken = tokenIndex
                    starScalar = scalarIndex
                    tokenIndex += 1
                    continue
                case .anyOne:
                    tokenIndex += 1
                    scalarIndex += 1
                    continue
                case .scalar(let scalar) where scalar == scalars[scalarIndex]:
                    tokenIndex += 1
                    scalarIndex += 1
                    continue
                case .scalar:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            tokenIndex = starToken + 1
            starScalar += 1
            scalarIndex = starScalar
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }
}
