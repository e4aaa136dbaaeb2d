/// A parsed JSON value.
///
/// Snapshots are walked by hand instead of decoded with `Codable` so that
/// every error can name the exact JSON path, and so that AWS's lenient
/// shapes (a string or an array, an object or an encoded string) are one
/// `switch` away. Numbers keep their source text: condition values such as
/// `"3600"` and `3600` must compare alike, and nothing is lost to `Double`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A word for error messages: "a string", "an array", ….
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value as condition text: strings as they are, numbers and
    /// booleans as written (`true`, `3600`), since IAM compares them as text.
    public var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
