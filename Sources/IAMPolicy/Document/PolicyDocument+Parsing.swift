extension PolicyDocument {
    /// Reads a policy document in any form AWS writes one: a JSON object (the
    /// CLI's form), a JSON string (S3's `get-bucket-policy`), or a
    /// URL-encoded JSON string (the raw IAM API, R1.6).
    ///
    /// - Parameter path: where `value` sits in the enclosing file, so errors
    ///   name the place (`RoleDetailList[3].AssumeRolePolicyDocument.Statement[0].Effect`).
    /// - Throws: ``PolicyParseError``.
    public static func parse(_ value: JSONValue, at path: JSONPath = .root) throws(PolicyParseError) -> PolicyDocument {
        try parseObject(try documentObject(value, at: path), at: path)
    }

    /// The document as a JSON object, decoding the string forms; what the
    /// store keeps, so users read JSON whatever form the input had.
    public static func documentObject(_ value: JSONValue, at path: JSONPath = .root) throws(PolicyParseError)
        -> JSONValue
    {
        switch value {
        case .object:
            return value
        case .string(let text):
            let json: String
            if text.first(where: { !$0.isWhitespace }) == "{" {
                json = text
            } else {
                guard let decoded = PercentDecoding.decode(text) else {
                    throw PolicyParseError(
                        path: path,
                        reason: "expected a policy document, found an undecodable URL-encoded string"
                    )
                }
                json = decoded
            }
            let inner: JSONValue
            do {
                inner = try JSONParser.parse(json)
            } catch {
                throw PolicyParseError(
                    path: path.appending(error.path),
                    reason:
                        "the policy document string is not valid JSON: \(error.reason) at line \(error.line), column \(error.column)"
                )
            }
            guard case .object = inner else {
                throw PolicyParseError(
                    path: path,
                    reason: "expected a policy document object, found \(inner.kindDescription)"
                )
            }
            return inner
        default:
            throw PolicyParseError(
                path: path,
                reason: "expected a policy document (object or string), found \(value.kindDescription)"
            )
        }
    }

    /// Parses policy JSON text, for tests and for files holding a bare document.
    public static func parse(json: String) throws(PolicyParseError) -> PolicyDocument {
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            throw PolicyParseError(path: error.path, reason: error.description)
        }
        return try parse(value)
    }

    private static func parseObject(_ value: JSONValue, at path: JSONPath) throws(PolicyParseError) -> PolicyDocument {
        guard case .object(let members) = value else {
            throw PolicyParseError(path: path, reason: "expected an object, found \(value.kindDescription)")
        }
        var version: String?
        if let raw = members["Version"] {
            guard case .string(let text) = raw else {
                throw PolicyParseError(
                    path: path.appending("Version"),
                    reason: "expected a string, found \(raw.kindDescription)"
                )
            }
            version = text
        }
        guard let rawStatements = members["Statement"] else {
            throw PolicyParseError(path: path, reason: "missing \"Statement\"")
        }
        let statementPath = path.appending("Statement")
        var statements: [PolicyStatement] = []
        switch rawStatements {
        case .object:
            statements.append(try PolicyStatement.parse(rawStatements, index: 0, at: statementPath))
        case .array(let elements):
            statements.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                statements.append(try PolicyStatement.parse(element, index: index, at: statementPath.appending(index)))
            }
        default:
            throw PolicyParseError(
                path: statementPath,
                reason: "expected a statement object or an array of them, found \(rawStatements.kindDescription)"
            )
        }
        return PolicyDocument(version: version, statements: statements)
    }
}

extension PolicyStatement {
    static func parse(_ value: JSONValue, index: Int, at path: JSONPath) throws(PolicyParseError) -> PolicyStatement {
        guard case .object(let members) = value else {
            throw PolicyParseError(path: path, reason: "expected a statement object, found \(value.kindDescription)")
        }
        var sid: String?
        if let raw = members["Sid"] {
            guard let text = raw.scalarText else {
                throw PolicyParseError(
                    path: path.appending("Sid"),
                    reason: "expected a string, found \(raw.kindDescription)"
                )
            }
            sid = text
        }
        guard let rawEffect = members["Effect"] else {
            throw PolicyParseError(path: path, reason: "missing \"Effect\"")
        }
        guard case .string(let effectText) = rawEffect, let effect = Effect(rawValue: effectText) else {
            let found = rawEffect.scalarText.map { "\"\($0)\"" } ?? rawEffect.kindDescription
            throw PolicyParseError(
                path: path.appending("Effect"),
                reason: "expected \"Allow\" or \"Deny\", found \(found)"
            )
        }
        let actions = try elementList(members, positive: "Action", negative: "NotAction", at: path, required: true)
        let resources = try elementList(
            members,
            positive: "Resource",
            negative: "NotResource",
            at: path,
            required: false
        )
        let principals = try principalElement(members, at: path)
        let conditions =
            try members["Condition"].map { (raw) throws(PolicyParseError) in
                try conditionClauses(raw, at: path.appending("Condition"))
            } ?? []
        guard let actions else { throw PolicyParseError(path: path, reason: "missing \"Action\" or \"NotAction\"") }
        return PolicyStatement(
            index: index,
            sid: sid,
            effect: effect,
            actions: actions,
            resources: resources,
            principals: principals,
            conditions: conditions
        )
    }

    private static func elementList(
        _ members: [String: JSONValue],
        positive: String,
        negative: String,
        at path: JSONPath,
        required: Bool
    ) throws(PolicyParseError) -> ElementList? {
        switch (members[positive], members[negative]) {
        case (.some, .some):
            throw PolicyParseError(
                path: path,
                reason: "a statement has either \"\(positive)\" or \"\(negative)\", not both"
            )
        case (.some(let value), nil):
            return .listed(try stringList(value, at: path.appending(positive)))
        case (nil, .some(let value)):
            return .allExcept(try stringList(value, at: path.appending(negative)))
        case (nil, nil):
            if required { throw PolicyParseError(path: path, reason: "missing \"\(positive)\" or \"\(negative)\"") }
            return nil
        }
    }

    private static func principalElement(_ members: [String: JSONValue], at path: JSONPath) throws(PolicyParseError)
        -> PrincipalElement?
    {
        switch (members["Principal"], members["NotPrincipal"]) {
        case (.some, .some):
            throw PolicyParseError(
                path: path,
                reason: "a statement has either \"Principal\" or \"NotPrincipal\", not both"
            )
        case (.some(let value), nil):
            return .principal(try principalSet(value, at: path.appending("Principal")))
        case (nil, .some(let value)):
            return .notPrincipal(try principalSet(value, at: path.appending("NotPrincipal")))
        case (nil, nil):
            return nil
        }
    }

    private static func principalSet(_ value: JSONValue, at path: JSONPath) throws(PolicyParseError) -> PrincipalSet {
        switch value {
        case .string("*"):
            return PrincipalSet(isEveryone: true)
        case .string(let text):
            throw PolicyParseError(
                path: path,
                reason: "expected \"*\" or an object of AWS/Service/Federated/CanonicalUser, found \"\(text)\""
            )
        case .object(let members):
            var set = PrincipalSet()
            for (key, raw) in members {
                guard let kind = PrincipalKind(rawValue: key) else {
                    throw PolicyParseError(
                        path: path.appending(key),
                        reason: "unknown principal type \"\(key)\", expected AWS, Service, Federated or CanonicalUser"
                    )
                }
                let values = try stringList(raw, at: path.appending(key))
                switch kind {
                case .aws:
                    set.aws = values
                    if values.contains("*") { set.isEveryone = true }
                case .service: set.service = values
                case .federated: set.federated = values
                case .canonicalUser: set.canonicalUser = values
                }
            }
            return set
        default:
            throw PolicyParseError(path: path, reason: "expected \"*\" or an object, found \(value.kindDescription)")
        }
    }

    private static func conditionClauses(_ value: JSONValue, at path: JSONPath) throws(PolicyParseError)
        -> [ConditionClause]
    {
        guard case .object(let operators) = value else {
            throw PolicyParseError(
                path: path,
                reason: "expected an object of condition operators, found \(value.kindDescription)"
            )
        }
        var clauses: [ConditionClause] = []
        for operatorName in operators.keys.sorted() {
            let operatorPath = path.appending(operatorName)
            guard case .object(let keys) = operators[operatorName] ?? .null else {
                throw PolicyParseError(path: operatorPath, reason: "expected an object of condition keys")
            }
            for key in keys.keys.sorted() {
                let keyPath = operatorPath.appending(key)
                let values: [String]
                switch keys[key] ?? .null {
                case .array(let elements):
                    values = try elements.enumerated().map { (offset, element) throws(PolicyParseError) in
                        guard let text = element.scalarText else {
                            throw PolicyParseError(
                                path: keyPath.appending(offset),
                                reason: "expected a string, number or boolean, found \(element.kindDescription)"
                            )
                        }
                        return text
                    }
                case let scalar:
                    guard let text = scalar.scalarText else {
                        throw PolicyParseError(
                            path: keyPath,
                            reason: "expected a condition value, found \(scalar.kindDescription)"
                        )
                    }
                    values = [text]
                }
                clauses.append(ConditionClause(operatorName: operatorName, key: key, values: values))
            }
        }
        return clauses
    }

    /// A string or an array of strings, the shape of `Action`, `Resource`
    /// and each `Principal` value (R2.2, R2.3).
    static func stringList(_ value: JSONValue, at path: JSONPath) throws(PolicyParseError) -> [String] {
        switch value {
        case .string(let text):
            return [text]
        case .array(let elements):
            var result: [String] = []
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw PolicyParseError(
                        path: path.appending(index),
                        reason: "expected a string, found \(element.kindDescription)"
                    )
                }
                result.append(text)
            }
            return result
        default:
            throw PolicyParseError(
                path: path,
                reason: "expected a string or an array of strings, found \(value.kindDescription)"
            )
        }
    }
}
