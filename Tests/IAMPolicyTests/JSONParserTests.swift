import IAMPolicy
import PropertyBased
import Testing

/// Seed fixtures (shared/fixtures/seed), embedded so the property tests
/// mutate real AWS-shaped text.
enum SeedText {
    /// `complete/222222222222.json`: a role, its trust policy, a managed policy.
    static let account = #"""
        {
          "UserDetailList": [],
          "GroupDetailList": [],
          "RoleDetailList": [
            {
              "Path": "/",
              "RoleName": "Role_B",
              "RoleId": "AROATHPL2AOHGYH6QRDCR",
              "Arn": "arn:aws:iam::222222222222:role/Role_B",
              "CreateDate": "2026-11-30 02:14:39.591916+00:00",
              "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                  {
                    "Effect": "Allow",
                    "Principal": {
                      "AWS": "arn:aws:iam::111111111111:role/Role_A"
                    },
                    "Action": "sts:AssumeRole"
                  }
                ]
              },
              "InstanceProfileList": [],
              "RolePolicyList": [],
              "AttachedManagedPolicies": [
                {
                  "PolicyName": "ExampleBucketRead",
                  "PolicyArn": "arn:aws:iam::222222222222:policy/ExampleBucketRead"
                }
              ],
              "Tags": [],
              "RoleLastUsed": {}
            }
          ],
          "Policies": [
            {
              "Arn": "arn:aws:iam::222222222222:policy/ExampleBucketRead",
              "Path": "/",
              "DefaultVersionId": "v1",
              "AttachmentCount": 1,
              "IsAttachable": true,
              "Description": "",
              "CreateDate": "2026-11-30 02:14:39.594109+00:00",
              "UpdateDate": "2026-11-30 02:14:39.594112+00:00",
              "PolicyVersionList": [
                {
                  "Document": {
                    "Version": "2012-10-17",
                    "Statement": [
                      {
                        "Effect": "Allow",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::example-bucket/*"
                      }
                    ]
                  },
                  "VersionId": "v1",
                  "IsDefaultVersion": true,
                  "CreateDate": "2026-11-30 02:14:39.594104+00:00"
                }
              ]
            }
          ]
        }
        """#

    /// `complete/bucket-policy.example-bucket.json`.
    static let bucketPolicy = #"""
        {
            "Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"AllowRoleBRead\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:role/Role_B\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::example-bucket/*\"}]}"
        }
        """#

    /// `complete-urlencoded/222222222222.json`'s trust policy: the raw IAM API form.
    static let urlEncodedTrust =
        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FRole_A%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"
}

/// Bytes that look like JSON: fragments of tokens, escapes, broken UTF-8.
enum JSONish {
    static let fragments: [[UInt8]] =
        [
            "{", "}", "[", "]", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "\\ud800", ":", ",", "0", "7", "-", ".", "e",
            "E+",
            "1e999", "true", "fals", "null", "NaN", "Infinity", " ", "\n", "\t", "\"Statement\"", "\"Effect\"",
            "\"Allow\"",
            "\"*\"", "%7B", "%22", "\u{FEFF}", "é", "🙂",
        ].map { Array($0.utf8) }
        + [
            [0x00], [0x1F], [0x7F], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80],
            [0xEF, 0xBB, 0xBF],
        ]

    static let bytes = Gen.element(of: fragments).map { $0! }.array(of: 0...40).map { Array($0.joined()) }

    /// Edits to a seed: (kind, where, fragment); kind 0 replaces a byte, 1
    /// inserts, 2 deletes a run, 3 truncates.
    static let edits = zip(Gen.int(in: 0...3), Gen.int(in: 0...1_000_000), Gen.element(of: fragments).map { $0! })
        .array(of: 1...6)

    static func apply(_ edits: [(Int, Int, [UInt8])], to seed: String) -> [UInt8] {
        var bytes = Array(seed.utf8)
        for (kind, place, fragment) in edits {
            let at = place % (bytes.count + 1)
            switch kind {
            case 0 where at < bytes.count: bytes.replaceSubrange(at...at, with: fragment)
            case 1: bytes.insert(contentsOf: fragment, at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + fragment.count))
            default: bytes.removeSubrange(at...)
            }
        }
        return bytes
    }

    /// A random JSON value, at most `depth` levels deep.
    static func value(depth: Int, _ rng: inout any SeededRandomNumberGenerator) -> JSONValue {
        let texts = ["", "a", "Allow", "é\"\\\n\u{0}🙂", "arn:aws:iam::111111111111:role/x", "\u{7F}\t"]
        switch Int.random(in: 0...(depth > 0 ? 6 : 3), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            return .number(["0", "-1", "3.25", "1e-7", "12345678901234567890", "-0.0E+00"].randomElement(using: &rng)!)
        case 3: return .string(texts.randomElement(using: &rng)!)
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth - 1, &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                members[texts.randomElement(using: &rng)!] = value(depth: depth - 1, &rng)
            }
            return .object(members)
        }
    }
}

func parseJSON(_ bytes: [UInt8]) -> Result<JSONValue, JSONSyntaxError> {
    Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes) }
}

@Suite struct JSONParserTests {
    // MARK: - Never crash: parse or throw

    @Test func randomJSONishBytesParseOrThrow() async {
        await propertyCheck(count: 3000, input: JSONish.bytes) { bytes in
            switch parseJSON(bytes) {
            case .success(let value):
                // Whatever parses survives a write and a second read unchanged.
                #expect(parseJSON(Array(value.serialized.utf8)) == .success(value))
            case .failure(let error):
                #expect(error.line >= 1 && error.column >= 1)
                #expect(!error.reason.isEmpty)
            }
        }
    }

    @Test func mutatedSeedSnapshotsParseOrThrowWithAPlaceInTheFile() async {
        await propertyCheck(count: 3000, input: JSONish.edits) { edits in
            let bytes = JSONish.apply(edits, to: SeedText.account)
            if case .failure(let error) = parseJSON(bytes) {
                let lines = bytes.count { $0 == 0x0A } + 1
                #expect(error.line >= 1 && error.line <= lines)
            }
        }
    }

    @Test func generatedValuesRoundTrip() async {
        let values = Generator<JSONValue, Shrink.None<JSONValue>>(run: { rng in JSONish.value(depth: 4, &rng) })
        await propertyCheck(count: 500, input: values) { value in
            #expect(parseJSON(Array(value.serialized.utf8)) == .success(value))
        }
    }

    // MARK: - What is refused, and how it is said

    @Test(arguments: [
        ("", "empty document, expected a JSON value"),
        ("NaN", "unexpected character 'N', expected a value"),
        ("[1, Infinity]", "unexpected character 'I', expected a value"),
        ("[1,]", "unexpected character ']', expected a value"),
        (#"{"a": 1,}"#, "expected a member name in quotes"),
        ("01", "unexpected text after the JSON value"),
        ("1.", "invalid number: digit expected after '.'"),
        ("-", "invalid number"),
        ("+1", "unexpected character '+', expected a value"),
        ("'a'", "unexpected character ''', expected a value"),
        ("// AWS\n{}", "unexpected character '/', expected a value"),
        ("\"a\tb\"", "control character in string"),
        (#""\x41""#, "invalid escape '\\'x'' in string"),
        (#""\ud800""#, "unpaired UTF-16 surrogate in \\u escape"),
        (#""\udc00\ud800""#, "unpaired UTF-16 surrogate in \\u escape"),
        (#""\u12""#, "truncated \\u escape"),
        ("[", "unexpected end of input, expected a value"),
        (#"{"Statement""#, "unexpected end of input, expected ':' after member name"),
        (#"{"Statement": [{}"#, "unexpected end of input, expected ',' or ']' in array"),
        (#"{"a": "b"} {"a": "b"}"#, "unexpected text after the JSON value"),
        ("tru", "invalid literal, expected true"),
    ])
    func refusesWithAReason(text: String, reason: String) {
        guard case .failure(let error) = parseJSON(Array(text.utf8)) else {
            Issue.record("\(text.debugDescription) parsed")
            return
        }
        #expect(error.reason == reason)
    }

    @Test(
        arguments: [
            [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
            [0x22, 0xE2, 0x82, 0x22],
            [0x22, 0xFF, 0x22],
        ] as [[UInt8]]
    )
    func refusesInvalidUTF8InStrings(bytes: [UInt8]) {
        guard case .failure(let error) = parseJSON(bytes) else {
            Issue.record("\(bytes) parsed")
            return
        }
        #expect(error.reason == "invalid UTF-8 in string")
    }

    @Test(
        arguments: [
            [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], [0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D], [0x7B, 0x00, 0x7D, 0x00],
        ] as [[UInt8]]
    )
    func utf16IsNamed(bytes: [UInt8]) {
        guard case .failure(let error) = parseJSON(bytes) else {
            Issue.record("\(bytes) parsed")
            return
        }
        #expect(error.reason.hasPrefix("the file is UTF-16, not UTF-8"))
    }

    @Test func errorsNameThePathLineAndColumn() {
        let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"},\n    {\"Effect\": tru}\n  ]\n}"
        guard case .failure(let error) = parseJSON(Array(text.utf8)) else {
            Issue.record("parsed")
            return
        }
        #expect(error.path.description == "Statement[1].Effect")
        #expect(error.line == 4)
        #expect(error.column == 16)
        #expect(error.description == "invalid literal, expected true at line 4, column 16 (in Statement[1].Effect)")
    }

    // MARK: - Depth

    @Test func depthIsBoundedNotRecursedToACrash() throws {
        let limit = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try JSONParser.parse(deepest) }
        for depth in [limit + 1, 100_000, 1_000_000] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            guard case .failure(let error) = parseJSON(Array(text.utf8)) else {
                Issue.record("depth \(depth) parsed")
                continue
            }
            #expect(error.reason == "nesting deeper than \(limit) levels")
            #expect(error.path.description.count < 120, "\(error.path)")
        }
    }

    // MARK: - What is accepted

    @Test func acceptsAByteOrderMarkAndKeepsNumbersAsWritten() throws {
        let value = try JSONParser.parse(
            [0xEF, 0xBB, 0xBF] + Array(#"{"n": 1.50E+3, "big": 123456789012345678901234567890}"#.utf8)
        )
        #expect(value == .object(["n": .number("1.50E+3"), "big": .number("123456789012345678901234567890")]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["\ud83d\ude00", "\u00e9\/\b\f\n\r\t\"\\", "\u0000"]"#)
        #expect(value == .array([.string("😀"), .string("é/\u{8}\u{C}\n\r\t\"\\"), .string("\u{0}")]))
    }

    @Test func laterDuplicateKeysWin() throws {
        #expect(
            try JSONParser.parse(#"{"Effect": "Deny", "Effect": "Allow"}"#) == .object(["Effect": .string("Allow")])
        )
    }
}
