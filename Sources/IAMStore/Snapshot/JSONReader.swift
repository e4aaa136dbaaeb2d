import IAMPolicy

/// A JSON value with its place in a file, whose accessors throw errors that
/// name both: "roles.json: RoleDetailList[3].RoleName: expected a string,
/// found a number".
struct JSONReader {
    let value: JSONValue
    let path: JSONPath
    let file: String

    init(_ value: JSONValue, path: JSONPath = .root, file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    func error(_ reason: String) -> StoreError {
        .invalidFile(file: file, path: path, reason: reason)
    }

    func object() throws(StoreError) -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw error("expected an object, found \(value.kindDescription)")
        }
        return members
    }

    /// The member, or `nil` when it is missing or null.
    func optional(_ key: String) throws(StoreError) -> JSONReader? {
        let members = try object()
        guard let member = members[key], member != .null else { return nil }
        return JSONReader(member, path: path.appending(key), file: file)
    }

    func required(_ key: String) throws(StoreError) -> JSONReader {
        guard let member = try optional(key) else { throw error("missing \"\(key)\"") }
        return member
    }

    func string() throws(StoreError) -> String {
        guard case .string(let text) = value else { throw error("expected a string, found \(value.kindDescription)") }
        return text
    }

    func bool() throws(StoreError) -> Bool {
        guard case .bool(let flag) = value else {
            throw error("expected true or false, found \(value.kindDescription)")
        }
        return flag
    }

    /// The elements of an array; AWS's own examples sometimes show a lone
    /// object where a list belongs (R1.7), so one object reads as a list of one.
    func elements(allowingSingleObject: Bool = false) throws(StoreError) -> [JSONReader] {
        switch value {
        case .array(let elements):
            return elements.enumerated().map { JSONReader($1, path: path.appending($0), file: file) }
        case .object where allowingSingleObject:
            return [self]
        default:
            throw error("expected an array, found \(value.kindDescription)")
        }
    }

    func string(_ key: String) throws(StoreError) -> String {
        try required(key).string()
    }

    func optionalString(_ key: String) throws(StoreError) -> String? {
        try optional(key)?.string()
    }

    func list(_ key: String, allowingSingleObject: Bool = false) throws(StoreError) -> [JSONReader] {
        try optional(key)?.elements(allowingSingleObject: allowingSingleObject) ?? []
    }

    /// A policy document in any of its forms, parsed and normalised.
    func policyDocument() throws(StoreError) -> AccountSnapshot.Document {
        do {
            let object = try PolicyDocument.documentObject(value, at: path)
            return AccountSnapshot.Document(parsed: try PolicyDocument.parse(object, at: path), json: object.serialized)
        } catch {
            throw StoreError.invalidFile(file: file, path: error.path, reason: error.reason)
        }
    }
}
