import IAMPolicy
import PropertyBased
import Testing

/// Policy documents of every shape, valid or broken, in the places AWS
/// writes them; a shape generator and mutated seed documents for the
/// property tests.
enum PolicyShapes {
    private static func pick<T>(_ options: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
        options.randomElement(using: &rng)!
    }

    private static let lists: [JSONValue?] = [
        nil, .string("s3:GetObject"), .string("*"), .array([.string("s3:Get*"), .string("sts:AssumeRole")]), .array([]),
        .array([.number("1")]), .object([:]), .null, .number("7"),
    ]

    private static let principals: [JSONValue?] = [
        nil, .string("*"), .string("arn:aws:iam::111111111111:root"), .object(["AWS": .string("*")]),
        .object(["AWS": .array([.string("111111111111"), .string("arn:aws:iam::222222222222:role/R")])]),
        .object([
            "Service": .string("ec2.amazonaws.com"), "Federated": .array([.string("cognito-identity.amazonaws.com")]),
        ]),
        .object(["Aws": .string("*")]), .object(["AWS": .object([:])]), .array([]), .bool(true),
    ]

    private static let conditions: [JSONValue?] = [
        nil, .object(["StringEquals": .object(["aws:PrincipalOrgID": .string("o-abc")])]),
        .object([
            "NumericLessThan": .object([
                "aws:MultiFactorAuthAge": .array([.number("3600"), .string("60"), .bool(true)])
            ])
        ]),
        .object(["Bool": .object(["aws:SecureTransport": .bool(false)])]), .object(["StringEquals": .string("x")]),
        .object(["StringLike": .object(["k": .object([:])])]), .object(["StringLike": .object(["k": .array([.null])])]),
        .array([]), .string("none"),
    ]

    static func statement(_ rng: inout any SeededRandomNumberGenerator) -> JSONValue {
        var members: [String: JSONValue] = [:]
        let choices: [(String, [JSONValue?])] = [
            ("Sid", [nil, .string("S1"), .number("12"), .array([])]),
            ("Effect", [.string("Allow"), .string("Deny"), .string("allow"), nil, .number("1"), .null]),
            ("Action", lists), ("NotAction", [nil, nil, nil] + lists), ("Resource", lists),
            ("NotResource", [nil, nil, nil] + lists),
            ("Principal", principals), ("NotPrincipal", [nil, nil, nil] + principals), ("Condition", conditions),
        ]
        for (key, options) in choices {
            if let value = pick(options, &rng) { members[key] = value }
        }
        return Int.random(in: 0...20, using: &rng) == 0 ? .string("Allow everything") : .object(members)
    }

    static func document(_ rng: inout any SeededRandomNumberGenerator) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if let version = pick(
            [nil, .string("2012-10-17"), .string("2008-10-17"), .number("2012")] as [JSONValue?],
            &rng
        ) {
            members["Version"] = version
        }
        switch Int.random(in: 0...9, using: &rng) {
        case 0: break
        case 1: members["Statement"] = .string("*")
        case 2, 3: members["Statement"] = statement(&rng)
        default: members["Statement"] = .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in statement(&rng) })
        }
        return .object(members)
    }

    static let documents = Generator<JSONValue, Shrink.None<JSONValue>>(run: { rng in document(&rng) })

    /// The inner document of the seed bucket policy, and the seed trust policy as text.
    static let seedDocuments: [String] = [
        (try? JSONParser.parse(SeedText.bucketPolicy))?["Policy"]?.scalarText ?? "",
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/Role_A"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": ["a", "b"]}}}]}"#,
    ]

    /// The value at `path`, if the document has one there.
    static func value(in document: JSONValue, at path: JSONPath) -> JSONValue? {
        var current: JSONValue? = document
        for component in path.components {
            switch (component, current) {
            case (.key(let key), .object(let members)?): current = members[key]
            case (.index(let index), .array(let elements)?):
                current = elements.indices.contains(index) ? elements[index] : nil
            default: return nil
            }
        }
        return current
    }
}

private func parsePolicy(_ value: JSONValue) -> Result<PolicyDocument, PolicyParseError> {
    Result { () throws(PolicyParseError) in try PolicyDocument.parse(value) }
}

@Suite struct PolicyDocumentParsingTests {
    // MARK: - Never crash; errors point into the document

    @Test func generatedShapesParseOrNameAnExistingPlace() async {
        await propertyCheck(count: 3000, input: PolicyShapes.documents) { document in
            switch parsePolicy(document) {
            case .success(let policy):
                let statements = document["Statement"]
                let expected: Int = if case .array(let list) = statements { list.count } else { 1 }
                #expect(policy.statements.count == expected)
                for statement in policy.statements {
                    let raw = if case .array(let list) = statements { list[statement.index] } else { statements }
                    #expect(raw?["Effect"] == .string(statement.effect.rawValue))
                }
            case .failure(let error):
                #expect(PolicyShapes.value(in: document, at: error.path) != nil, "\(error) in \(document.serialized)")
                #expect(!error.reason.isEmpty)
            }
        }
    }

    @Test func mutatedSeedDocumentsParseOrThrow() async {
        await propertyCheck(count: 3000, input: JSONish.edits, Gen.int(in: 0...1)) { edits, which in
            let text = String(decoding: JSONish.apply(edits, to: PolicyShapes.seedDocuments[which]), as: UTF8.self)
            let direct = Result { () throws(PolicyParseError) in try PolicyDocument.parse(json: text) }
            // The same text as S3 returns it (a JSON string) must give the same answer.
            let asString = parsePolicy(.string(text))
            switch (direct, asString) {
            case (.success(let a), .success(let b)): #expect(a == b)
            case (.failure, .failure): break
            default:
                // Only a text that does not start with "{" is read differently (URL-decoded) as a string.
                #expect(text.first(where: { !$0.isWhitespace }) != "{", "\(text)")
            }
        }
    }

    @Test func mutatedURLEncodedDocumentsParseOrThrow() async {
        let encodedFragments = ["%", "%2", "%ZZ", "%7B", "%7D", "%22", "%5B", "%00", "%FF", "%C3%A9", "+", "%2B", ""]
        let edits = zip(Gen.int(in: 0...10_000), Gen.element(of: encodedFragments).map { $0! }, Gen.int(in: 0...3))
            .array(of: 1...5)
        await propertyCheck(count: 2000, input: edits) { edits in
            var text = Array(SeedText.urlEncodedTrust.unicodeScalars)
            for (place, fragment, length) in edits {
                let at = place % (text.count + 1)
                text.replaceSubrange(at..<min(text.count, at + length), with: fragment.unicodeScalars)
            }
            var mutated = ""
            mutated.unicodeScalars.append(contentsOf: text)
            if case .failure(let error) = parsePolicy(.string(mutated)) {
                #expect(!error.reason.isEmpty)
            }
        }
    }

    // MARK: - The lenient forms AWS writes

    @Test func urlEncodedStringAndObjectFormsAreTheSameDocument() throws {
        let encoded = try PolicyDocument.parse(.string(SeedText.urlEncodedTrust))
        let decoded = try PolicyDocument.parse(
            json:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/Role_A"},"Action":"sts:AssumeRole"}]}"#
        )
        #expect(encoded == decoded)
        #expect(
            encoded.statements.first?.principals
                == .principal(PrincipalSet(aws: ["arn:aws:iam::111111111111:role/Role_A"]))
        )
    }

    @Test func aPlusStaysAPlusInURLEncodedDocuments() throws {
        let document = try PolicyDocument.parse(
            .string("%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22a+b%40example.com%22%7D%7D")
        )
        #expect(document.statements.first?.actions == .listed(["a+b@example.com"]))
    }

    @Test func singleStatementObjectAndPrincipalStar() throws {
        let document = try PolicyDocument.parse(
            json: #"{"Statement": {"Effect": "Deny", "Principal": "*", "NotAction": "s3:Get*"}}"#
        )
        #expect(document.version == nil)
        #expect(document.statements.count == 1)
        #expect(document.statements[0].index == 0)
        #expect(document.statements[0].principals == .principal(PrincipalSet(isEveryone: true)))
        #expect(document.statements[0].actions == .allExcept(["s3:Get*"]))
        #expect(document.statements[0].resources == nil)
    }

    // MARK: - Errors name the place

    @Test(arguments: [
        (
            #"{"Statement": [{"Effect": "Alow", "Action": "*"}]}"#, "Statement[0].Effect",
            #"expected "Allow" or "Deny", found "Alow""#
        ),
        (
            #"{"Statement": [{"Effect": 1, "Action": "*"}]}"#, "Statement[0].Effect",
            #"expected "Allow" or "Deny", found "1""#
        ),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*"}]}"#, "Statement[0]", "not both"),
        (#"{"Statement": [{"Effect": "Allow"}]}"#, "Statement[0]", #"missing "Action" or "NotAction""#),
        (
            #"{"Statement": [{"Effect": "Allow", "Action": ["s3:*", 3]}]}"#, "Statement[0].Action[1]",
            "expected a string, found a number"
        ),
        (
            #"{"Statement": [{"Effect": "Allow", "Action": "*", "Principal": "me"}]}"#, "Statement[0].Principal",
            #"found "me""#
        ),
        (
            #"{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"Bool": {"k": {}}}}]}"#,
            "Statement[0].Condition.Bool.k", "found an object"
        ),
        (
            #"{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"Bool": [1]}}]}"#,
            "Statement[0].Condition.Bool", "condition keys"
        ),
        (#"{"Statement": 7}"#, "Statement", "expected a statement object or an array of them, found a number"),
        (#"{"Version": 2012, "Statement": []}"#, "Version", "expected a string, found a number"),
        (#"{"Id": "no statements"}"#, "(top level)", #"missing "Statement""#),
        (#"{"Statement": [{"Effect": tru}]}"#, "Statement[0].Effect", "invalid literal"),
    ])
    func errorsNameThePlace(json: String, path: String, says: String) {
        for value in [JSONValue.string(json), (try? JSONParser.parse(json)) ?? .string(json)] {
            guard case .failure(let error) = parsePolicy(value) else {
                Issue.record("\(json) parsed")
                continue
            }
            #expect(error.path.description == path)
            #expect(error.reason.contains(says), "\(error.reason)")
        }
    }

    @Test(arguments: [
        (JSONValue.number("42"), "expected a policy document (object or string), found a number"),
        (.array([]), "expected a policy document (object or string), found an array"),
        (.string("%7B%G2"), "expected a policy document, found an undecodable URL-encoded string"),
        (.string("%FF%FE"), "expected a policy document, found an undecodable URL-encoded string"),
        (.string("%5B%5D"), "expected a policy document object, found an array"),
        (.string(""), "the policy document string is not valid JSON: empty document"),
    ])
    func documentsOfTheWrongForm(value: JSONValue, says: String) {
        guard case .failure(let error) = parsePolicy(value) else {
            Issue.record("\(value) parsed")
            return
        }
        #expect(error.reason.hasPrefix(says), "\(error.reason)")
    }
}
