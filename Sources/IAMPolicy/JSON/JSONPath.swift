/// A location inside a JSON document, written the way people read it:
/// `RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    public func appending(_ index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    /// Joins another path below this one, for documents nested as strings.
    public func appending(_ other: JSONPath) -> JSONPath {
        JSONPath(components + other.components)
    }

    public var description: String {
        // Robustness: a path through hundreds of nested arrays (a hostile or
        // broken file) is shortened to its two ends, so a message stays readable.
        let shown: [Component?] =
            components.count > 24
            ? components.prefix(12).map { $0 } + [nil] + components.suffix(10).map { $0 } : components
        var text = ""
        for component in shown {
            guard let component else {
                text += "…(\(components.count - 22) more)…"
                continue
            }
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key.isSimpleIdentifier ? key : "[\"\(key)\"]"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text.isEmpty ? "(top level)" : text
    }
}

extension String {
    fileprivate var isSimpleIdentifier: Bool {
        !isEmpty && allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ":" || $0 == "/" }
    }
}
