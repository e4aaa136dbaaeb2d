/// Something an answer depends on that the snapshot cannot decide.
///
/// A security tool must never drop a path it cannot rule out, nor present
/// one as certain when it is not (semantics.md R7.2): an edge whose Allow
/// hinges on an open condition carries an `allowedIf` caveat, one that an
/// open Deny might block carries `mayBeDeniedIf`. A chain's caveats are the
/// union of its hops'.
public struct Caveat: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case allowedIf = "allowed-if"
        case mayBeDeniedIf = "may-be-denied-if"
    }

    public var kind: Kind
    /// The undecided condition, as the policy writes it, or a plain
    /// sentence for conditions that are not policy text (an unknown
    /// managed policy, an unanalysed account).
    public var condition: String
    /// The condition keys involved, for filtering and for `--format json`.
    public var keys: [String]
    /// The statement the condition comes from, when there is one.
    public var source: String?

    public init(kind: Kind, condition: String, keys: [String] = [], source: String? = nil) {
        self.kind = kind
        self.condition = condition
        self.keys = keys
        self.source = source
    }

    public static func allowedIf(_ clause: ConditionClause, source: StatementCitation) -> Caveat {
        Caveat(kind: .allowedIf, condition: clause.description, keys: [clause.key], source: source.description)
    }

    public static func mayBeDeniedIf(_ clause: ConditionClause, source: StatementCitation) -> Caveat {
        Caveat(kind: .mayBeDeniedIf, condition: clause.description, keys: [clause.key], source: source.description)
    }

    public var description: String {
        let verb = kind == .allowedIf ? "allowed if" : "may be denied if"
        return "\(verb) \(condition)" + (source.map { " (\($0))" } ?? "")
    }
}
