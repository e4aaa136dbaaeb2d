import IAMPolicy

/// One end of a derived edge: a principal already in the store, or an
/// entry principal that derivation creates (a service, an identity
/// provider, an account that was not imported, anyone).
public enum NodeReference: Sendable, Hashable {
    case principal(Int64)
    case entry(kind: String, arn: String, accountID: String?)
}

/// An edge found by derivation, with the decision that allows it.
public struct DerivedEdge: Sendable {
    public var kind: String
    public var source: NodeReference
    public var target: NodeReference
    public var hopCost: Int
    public var caveats: [Caveat]
    public var grants: [StatementCitation]
    /// Facts that do not change whether the edge exists.
    public var notes: [String] = []

    public init(
        kind: String = "assume-role",
        source: NodeReference,
        target: NodeReference,
        hopCost: Int = 1,
        caveats: [Caveat],
        grants: [StatementCitation]
    ) {
        self.kind = kind
        self.source = source
        self.target = target
        self.hopCost = hopCost
        self.caveats = caveats
        self.grants = grants
    }
}

/// A completeness warning found while deriving edges (R2.5, R1.8 …).
public struct DerivedFinding: Sendable, Hashable {
    public var kind: String
    public var accountID: String?
    public var subject: String?
    public var message: String

    public init(kind: String, accountID: String?, subject: String?, message: String) {
        self.kind = kind
        self.accountID = accountID
        self.subject = subject
        self.message = message
    }
}
