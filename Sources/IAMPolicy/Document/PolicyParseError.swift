/// Why a policy document or snapshot value does not have the shape AWS
/// gives it, and where.
public struct PolicyParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the enclosing JSON the problem is.
    public var path: JSONPath
    /// What was expected and what was found: "expected \"Allow\" or \"Deny\", found \"Alow\"".
    public var reason: String

    public init(path: JSONPath, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
