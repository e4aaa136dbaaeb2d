/// Why a byte sequence is not JSON, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, in lower case: "unterminated string".
    public var reason: String
    /// The innermost value being read when the error was found.
    public var path: JSONPath
    public var line: Int
    public var column: Int

    public var description: String {
        "\(reason) at line \(line), column \(column) (in \(path))"
    }
}
