import Foundation

/// Policy variables in `Resource` (R2.7): `arn:aws:s3:::home/${aws:username}/*`.
enum ResourceVariables {
    enum Substitution: Equatable {
        case resolved(String)
        /// A variable the snapshot cannot decide became `*`; the keys are open.
        case unresolved(String, keys: [String])
        /// A variable whose key is absent makes the resource match nothing (R2.7).
        case matchesNothing
    }

    static func substitute(_ text: String, context: any ConditionContext) -> Substitution {
        var output = ""
        var openKeys: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            output += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                output += rest[start.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[start.upperBound..<end]).trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: end)...]
            switch name {
            case "*", "?", "$":
                output += name
                continue
            default: break
            }
            switch context.value(forKey: name) {
            case .present(let values) where values.count == 1: output += values[0]
            case .absent: return .matchesNothing
            case .present, .unknown:
                output += "*"
                openKeys.append(name)
            }
        }
        output += rest
        return openKeys.isEmpty ? .resolved(output) : .unresolved(output, keys: openKeys)
    }
}
