/// Three-valued truth for conditions a snapshot can only partly decide
/// (semantics.md §7): an `unknown` Allow keeps an edge as conditional, an
/// `unknown` Deny labels it, and only a `true` Deny removes it.
public enum Truth: Sendable, Hashable {
    case `true`
    case `false`
    case unknown

    public init(_ flag: Bool) {
        self = flag ? .true : .false
    }

    /// Kleene conjunction: false dominates, then unknown.
    public static func && (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        if lhs == .false { return .false }
        let right = rhs()
        if right == .false { return .false }
        return lhs == .true && right == .true ? .true : .unknown
    }

    /// Kleene disjunction: true dominates, then unknown.
    public static func || (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        if lhs == .true { return .true }
        let right = rhs()
        if right == .true { return .true }
        return lhs == .false && right == .false ? .false : .unknown
    }

    public static prefix func ! (value: Truth) -> Truth {
        switch value {
        case .true: .false
        case .false: .true
        case .unknown: .unknown
        }
    }
}
