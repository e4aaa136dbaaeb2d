/// The answer to one request, with its reasons either way.
public struct AccessDecision: Sendable, Hashable {
    public var isAllowed: Bool
    /// What the answer depends on; empty for a certain answer.
    public var caveats: [Caveat]
    /// The statements that allow the request (trust, identity, bucket …).
    public var grants: [StatementCitation]
    /// Why the request is refused, first blocking rule first.
    public var blocks: [AccessBlock]
    /// The `Resource` patterns of the granting statements, as written:
    /// what a report shows as "s3:GetObject on arn:aws:s3:::b/*".
    public var grantedResources: [String]

    public static func allowed(caveats: [Caveat], grants: [StatementCitation], resources: [String] = [])
        -> AccessDecision
    {
        AccessDecision(
            isAllowed: true,
            caveats: caveats.uniqued(),
            grants: grants.uniqued(),
            blocks: [],
            grantedResources: resources.uniqued()
        )
    }

    public static func denied(_ block: AccessBlock) -> AccessDecision {
        AccessDecision(isAllowed: false, caveats: [], grants: [], blocks: [block], grantedResources: [])
    }

    public var isConditional: Bool { isAllowed && !caveats.isEmpty }
}

/// The rule that refuses a request, for "why not" answers.
public enum AccessBlock: Sendable, Hashable, Codable, CustomStringConvertible {
    case explicitDeny(StatementCitation)
    case resourcePolicyDoesNotAllow(String)
    case noIdentityAllow(String)
    case boundaryDoesNotAllow(String)
    case serviceControlPolicyDoesNotAllow(String)
    case resourceControlPolicyDoesNotAllow(String)

    public var description: String {
        switch self {
        case .explicitDeny(let citation): "explicit Deny in \(citation)"
        case .resourcePolicyDoesNotAllow(let detail): detail
        case .noIdentityAllow(let detail): detail
        case .boundaryDoesNotAllow(let detail): detail
        case .serviceControlPolicyDoesNotAllow(let detail): detail
        case .resourceControlPolicyDoesNotAllow(let detail): detail
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    ///
    /// Inlinable, and without hashing for short lists: chains and answers
    /// merge the few caveats, grants and notes of their hops by the ten
    /// thousand on a large estate.
    @inlinable
    public func uniqued() -> [Element] {
        guard count > 1 else { return self }
        guard count <= 16 else {
            var seen = Set<Element>(minimumCapacity: count)
            return filter { seen.insert($0).inserted }
        }
        var result: [Element] = []
        result.reserveCapacity(count)
        for element in self where !result.contains(element) { result.append(element) }
        return result
    }
}
