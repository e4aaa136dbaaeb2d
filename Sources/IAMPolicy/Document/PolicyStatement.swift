/// One statement of a policy document, in the normal form the evaluator
/// reads: every AWS shorthand (single strings, a lone object, `"*"`) has
/// already been widened to lists.
public struct PolicyStatement: Sendable, Hashable {
    /// Position in the document's `Statement` list (0 for a lone object);
    /// with `sid` it is how reports cite a statement.
    public var index: Int
    public var sid: String?
    public var effect: Effect
    public var actions: ElementList
    /// `nil` when the statement has neither `Resource` nor `NotResource`,
    /// which resource policies may do: it then means "this resource" (R2.2).
    public var resources: ElementList?
    public var principals: PrincipalElement?
    public var conditions: [ConditionClause]

    public init(
        index: Int,
        sid: String? = nil,
        effect: Effect,
        actions: ElementList,
        resources: ElementList? = nil,
        principals: PrincipalElement? = nil,
        conditions: [ConditionClause] = []
    ) {
        self.index = index
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.principals = principals
        self.conditions = conditions
    }

    /// How a report cites the statement: its Sid, or its index.
    public var label: String {
        if let sid, !sid.isEmpty { return "Sid \(sid)" }
        return "Statement[\(index)]"
    }
}
