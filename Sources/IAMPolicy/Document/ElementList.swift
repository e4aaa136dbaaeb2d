/// The value of `Action`/`NotAction` or `Resource`/`NotResource`: patterns
/// that either name what the statement covers or what it leaves out.
public enum ElementList: Sendable, Hashable {
    /// `Action` / `Resource`.
    case listed([String])
    /// `NotAction` / `NotResource`: everything except these.
    case allExcept([String])

    public var patterns: [String] {
        switch self {
        case .listed(let patterns), .allExcept(let patterns): patterns
        }
    }

    public var isNegated: Bool {
        if case .allExcept = self { return true }
        return false
    }
}
