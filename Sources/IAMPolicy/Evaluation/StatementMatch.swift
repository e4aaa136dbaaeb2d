/// A statement that applies to a request, certainly or depending on
/// conditions the snapshot cannot decide.
public struct StatementMatch: Sendable, Hashable {
    public var citation: StatementCitation
    public var effect: Effect
    /// Conditions left undecided; empty when the statement certainly applies.
    public var openConditions: [ConditionClause]
    /// How the statement's `Principal` named the caller (resource policies only).
    public var principalMatch: PrincipalMatch?
    /// The statement covers only part of a prefix query (some objects of a bucket).
    public var coversPartOfResource: Bool
    /// The resource patterns as written, for reports ("s3:GetObject on arn:aws:s3:::b/*").
    public var resourcePatterns: [String]

    /// Whether the match carries no caveat: it certainly applies, in full.
    public var isCertain: Bool { caveats.isEmpty }

    /// The caveats this match puts on an answer.
    public var caveats: [Caveat] {
        let kind: Caveat.Kind = effect == .allow ? .allowedIf : .mayBeDeniedIf
        var result = openConditions.map {
            Caveat(kind: kind, condition: $0.description, keys: [$0.key], source: citation.description)
        }
        if effect == .deny, coversPartOfResource {
            result.append(
                Caveat(
                    kind: .mayBeDeniedIf,
                    condition: "the object matches \(resourcePatterns.joined(separator: ", "))",
                    source: citation.description
                )
            )
        }
        if case .session(let name) = principalMatch {
            result.append(
                Caveat(kind: .allowedIf, condition: "role session name is \"\(name)\"", source: citation.description)
            )
        }
        return result
    }
}

/// The statements of a set of policies that apply to one request.
public struct PolicySetEvaluation: Sendable {
    public var allows: [StatementMatch] = []
    public var denies: [StatementMatch] = []

    public init(allows: [StatementMatch] = [], denies: [StatementMatch] = []) {
        self.allows = allows
        self.denies = denies
    }

    /// The Allow to cite: a certain one if there is one, else the one with the fewest open conditions.
    public var bestAllow: StatementMatch? {
        allows.min { $0.caveats.count < $1.caveats.count }
    }

    /// A Deny that certainly applies: the request is refused.
    public var certainDeny: StatementMatch? {
        denies.first { $0.isCertain }
    }
}
