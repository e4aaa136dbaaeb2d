import Testing

@testable import IAMPolicy

/// One clause against one request value, with the truth AWS documents for it.
struct ConditionRow: Sendable, CustomTestStringConvertible {
    let operatorName: String
    let values: [String]
    let request: ConditionKeyValue
    let expected: Truth

    init(_ operatorName: String, _ values: [String], _ request: ConditionKeyValue, _ expected: Truth) {
        self.operatorName = operatorName
        self.values = values
        self.request = request
        self.expected = expected
    }

    var testDescription: String { "\(operatorName) \(values) vs \(request) → \(expected)" }
}

private func request(_ values: String...) -> ConditionKeyValue { .present(values) }

private let key = "test:Key"

private func evaluate(
    _ operatorName: String,
    _ values: [String],
    _ requestValue: ConditionKeyValue,
    other: [String: ConditionKeyValue] = [:],
    policyVariables: Bool = true
) -> Truth {
    var known = other
    known[key] = requestValue
    let clause = ConditionClause(operatorName: operatorName, key: key, values: values)
    return ConditionEvaluator.evaluate(clause, in: FixedConditionContext(known), policyVariables: policyVariables)
}

private func check(_ row: ConditionRow, other: [String: ConditionKeyValue] = [:], policyVariables: Bool = true) {
    #expect(
        evaluate(row.operatorName, row.values, row.request, other: other, policyVariables: policyVariables)
            == row.expected,
        "\(row.testDescription)"
    )
}

@Suite struct ConditionEvaluatorTests {
    // MARK: - Operator names

    @Test(arguments: [
        ("StringEquals", ConditionOperator.Qualifier.none, ConditionOperator.Base.stringEquals, false),
        ("ForAllValues:StringLikeIfExists", .forAllValues, .stringLike, true),
        ("ForAnyValue:ArnNotLike", .forAnyValue, .arnNotLike, false),
        ("NotIpAddressIfExists", .none, .notIpAddress, true),
        ("BoolIfExists", .none, .bool, true),
        ("Null", .none, .null, false),
        ("BinaryEquals", .none, .binaryEquals, false),
    ])
    func parsesOperatorNames(
        name: String,
        qualifier: ConditionOperator.Qualifier,
        base: ConditionOperator.Base,
        ifExists: Bool
    ) throws {
        let parsed = try #require(ConditionOperator(name))
        #expect(parsed.qualifier == qualifier)
        #expect(parsed.base == base)
        #expect(parsed.ifExists == ifExists)
        #expect(parsed.name == name)
    }

    @Test(arguments: [
        "stringequals", "stringEquals", "STRINGEQUALS", "StringEqual", "StringLikeIgnoreCase",
        "forAnyValue:StringEquals",
        "ForAnyValues:StringEquals", "ForAnyValue:", "IfExists", "", "NullIfExists", "ForAllValues:Null",
        "StringEqualsIfExistsIfExists", " StringEquals",
    ])
    func rejectsNamesAWSDoesNotHave(name: String) {
        #expect(ConditionOperator(name) == nil)
    }

    @Test func everyDocumentedSpellingRoundTrips() {
        for base in ConditionOperator.Base.allCases {
            for qualifier in [ConditionOperator.Qualifier.none, .forAnyValue, .forAllValues] {
                for ifExists in [false, true] where base != .null || (qualifier == .none && !ifExists) {
                    let made = ConditionOperator(qualifier: qualifier, base: base, ifExists: ifExists)
                    #expect(ConditionOperator(made.name) == made, "\(made.name)")
                }
            }
        }
    }

    @Test func negatedOperatorsAreExactlyTheNotForms() {
        let negated: Set<ConditionOperator.Base> = [
            .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
            .notIpAddress, .arnNotEquals, .arnNotLike,
        ]
        for base in ConditionOperator.Base.allCases {
            #expect(ConditionOperator(base: base).isNegated == negated.contains(base), "\(base)")
            #expect(ConditionOperator(base: base).isNegated == base.awsName.contains("Not"), "\(base)")
        }
    }

    @Test(
        arguments: [
            ("StringNotLikeIfExists", "String"), ("ForAnyValue:StringEqualsIgnoreCase", "String"),
            ("NumericLessThan", "Numeric"), ("DateGreaterThanEquals", "Date"), ("Bool", "Bool"),
            ("BinaryEquals", "Binary"), ("NotIpAddress", "IPAddress"), ("ArnLike", "ARN"), ("Null", nil),
        ] as [(String, String?)]
    )
    func expectedKeyTypes(name: String, type: String?) {
        #expect(ConditionOperator(name)?.expectedKeyType == type)
    }

    @Test(arguments: ["stringequals", "StringEqualsIgnorecase", "NumericLessThen", "ForAnyValue:Null", "NullIfExists"])
    func unknownOperatorIsUnknownNeverDecided(name: String) {
        #expect(evaluate(name, ["x"], request("x")) == .unknown)
        #expect(evaluate(name, ["x"], .absent) == .unknown)
        #expect(evaluate(name, ["true"], .absent) == .unknown)
    }

    @Test func clauseWithoutValuesIsUnknown() {
        #expect(evaluate("StringEquals", [], request("x")) == .unknown)
        #expect(evaluate("StringNotEquals", [], .absent) == .unknown)
        #expect(evaluate("StringEquals", [""], request("")) == .true)
    }

    // MARK: - Missing, unknown and empty keys (R2.11)

    @Test(arguments: [
        ConditionRow("StringEquals", ["a"], .absent, .false),
        ConditionRow("StringNotEquals", ["a"], .absent, .true),
        ConditionRow("StringEqualsIfExists", ["a"], .absent, .true),
        ConditionRow("StringNotEqualsIfExists", ["a"], .absent, .true),
        ConditionRow("StringEqualsIfExists", ["a"], request("b"), .false),
        ConditionRow("StringEqualsIfExists", ["a"], request("a"), .true),
        ConditionRow("StringNotEqualsIgnoreCase", ["a"], .absent, .true),
        ConditionRow("StringLike", ["*"], .absent, .false),
        ConditionRow("StringNotLike", ["*"], .absent, .true),
        ConditionRow("NumericLessThan", ["5"], .absent, .false),
        ConditionRow("NumericNotEquals", ["5"], .absent, .true),
        ConditionRow("NumericLessThanIfExists", ["5"], .absent, .true),
        ConditionRow("DateLessThan", ["2024-01-01"], .absent, .false),
        ConditionRow("DateNotEquals", ["2024-01-01"], .absent, .true),
        ConditionRow("Bool", ["false"], .absent, .false),
        ConditionRow("BoolIfExists", ["false"], .absent, .true),
        ConditionRow("BinaryEquals", ["QQ=="], .absent, .false),
        ConditionRow("IpAddress", ["10.0.0.0/8"], .absent, .false),
        ConditionRow("NotIpAddress", ["10.0.0.0/8"], .absent, .true),
        ConditionRow("ArnLike", ["arn:*:*:*:*:*"], .absent, .false),
        ConditionRow("ArnNotEquals", ["arn:aws:iam::1:role/a"], .absent, .true),
        ConditionRow("ForAllValues:StringEquals", ["a"], .absent, .true),
        ConditionRow("ForAllValues:StringNotLike", ["a*"], .absent, .true),
        ConditionRow("ForAnyValue:StringEquals", ["a"], .absent, .false),
        ConditionRow("ForAnyValue:StringNotEquals", ["a"], .absent, .false),
        ConditionRow("ForAnyValue:StringEqualsIfExists", ["a"], .absent, .true),
        ConditionRow("ForAllValues:StringEquals", ["a"], .present([]), .true),
        ConditionRow("ForAnyValue:StringEquals", ["a"], .present([]), .false),
        ConditionRow("StringEquals", ["a"], .present([]), .false),
        ConditionRow("StringNotEquals", ["a"], .present([]), .true),
    ])
    func missingKey(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        ConditionRow("Null", ["true"], .absent, .true),
        ConditionRow("Null", ["true"], request("x"), .false),
        ConditionRow("Null", ["false"], .absent, .false),
        ConditionRow("Null", ["false"], request("x"), .true),
        ConditionRow("Null", ["TRUE"], .absent, .true),
        ConditionRow("Null", ["true"], .present([]), .true),
        ConditionRow("Null", ["true"], .unknown, .unknown),
        ConditionRow("Null", ["false"], .unknown, .unknown),
        ConditionRow("Null", ["maybe"], .absent, .unknown),
        ConditionRow("Null", ["true", "false"], request("x"), .true),
    ])
    func nullChecksPresence(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: ConditionOperator.Base.allCases)
    func unknownKeyIsUnknownForEveryOperator(base: ConditionOperator.Base) {
        let qualifiers: [ConditionOperator.Qualifier] = base == .null ? [.none] : [.none, .forAnyValue, .forAllValues]
        for qualifier in qualifiers {
            for ifExists in base == .null ? [false] : [false, true] {
                let name = ConditionOperator(qualifier: qualifier, base: base, ifExists: ifExists).name
                for value in ["true", "x", "5", "2024-01-01", "10.0.0.1", "arn:aws:iam::1:role/a"] {
                    #expect(evaluate(name, [value], .unknown) == .unknown, "\(name) \(value)")
                }
            }
        }
    }

    // MARK: - Several values: OR, NOR and set qualifiers

    @Test(arguments: [
        ConditionRow("StringEquals", ["a", "b"], request("b"), .true),
        ConditionRow("StringEquals", ["a", "b"], request("c"), .false),
        ConditionRow("StringNotEquals", ["a", "b"], request("b"), .false),
        ConditionRow("StringNotEquals", ["a", "b"], request("c"), .true),
        ConditionRow("StringNotLike", ["a*", "b*"], request("bx"), .false),
        ConditionRow("StringNotLike", ["a*", "b*"], request("cx"), .true),
        ConditionRow("NumericNotEquals", ["1", "2"], request("2"), .false),
        ConditionRow("NumericNotEquals", ["1", "2"], request("3"), .true),
        ConditionRow("NotIpAddress", ["10.0.0.0/8", "192.168.0.0/16"], request("192.168.1.1"), .false),
        ConditionRow("NotIpAddress", ["10.0.0.0/8", "192.168.0.0/16"], request("172.16.0.1"), .true),
        ConditionRow(
            "ArnNotEquals",
            ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"],
            request("arn:aws:iam::1:role/b"),
            .false
        ),
        ConditionRow(
            "ArnNotEquals",
            ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"],
            request("arn:aws:iam::1:role/c"),
            .true
        ),
        // Several request values without a qualifier (undocumented): any pair matching decides.
        ConditionRow("StringEquals", ["a"], request("b", "a"), .true),
        ConditionRow("StringEquals", ["a"], request("b", "c"), .false),
        ConditionRow("StringNotEquals", ["a"], request("b", "a"), .false),
        ConditionRow("StringNotEquals", ["a"], request("b", "c"), .true),
    ])
    func valueListsAreOrForPositiveAndNorForNegated(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        ConditionRow("ForAnyValue:StringEquals", ["a", "b"], request("x", "b"), .true),
        ConditionRow("ForAnyValue:StringEquals", ["a", "b"], request("x", "y"), .false),
        ConditionRow("ForAnyValue:StringLike", ["ID", "Post*"], request("UserName", "PostDateTime"), .true),
        // At least one request value equal to none of the policy values.
        ConditionRow("ForAnyValue:StringNotEquals", ["a", "b"], request("a", "x"), .true),
        ConditionRow("ForAnyValue:StringNotEquals", ["a", "b"], request("a", "b"), .false),
        ConditionRow("ForAllValues:StringEquals", ["a", "b", "c"], request("a", "b"), .true),
        ConditionRow("ForAllValues:StringEquals", ["a", "b", "c"], request("a", "x"), .false),
        // The AWS multivalued-key example: deny unless every tag key starts with key1.
        ConditionRow("ForAllValues:StringNotLike", ["key1*"], request("key2:audit"), .true),
        ConditionRow("ForAllValues:StringNotLike", ["key1*"], request("key1:legal"), .false),
        ConditionRow("ForAllValues:StringNotLike", ["key1*"], request("key1:hr", "key1:personnel"), .false),
        ConditionRow("ForAllValues:NumericLessThan", ["10"], request("1", "x"), .unknown),
        ConditionRow("ForAllValues:NumericLessThan", ["10"], request("11", "x"), .false),
        ConditionRow("ForAnyValue:NumericLessThan", ["10"], request("1", "x"), .true),
        ConditionRow("ForAnyValue:NumericLessThan", ["10"], request("11", "x"), .unknown),
    ])
    func setQualifiers(row: ConditionRow) {
        check(row)
    }

    // MARK: - Operator families

    @Test(arguments: [
        ConditionRow("StringEquals", ["alice"], request("alice"), .true),
        ConditionRow("StringEquals", ["alice"], request("Alice"), .false),
        ConditionRow("StringEquals", ["ops-*"], request("ops-admin"), .false),
        ConditionRow("StringEquals", ["ops-*"], request("ops-*"), .true),
        ConditionRow("StringEqualsIgnoreCase", ["alice"], request("ALICE"), .true),
        ConditionRow("StringEqualsIgnoreCase", ["alice"], request("bob"), .false),
        ConditionRow("StringNotEqualsIgnoreCase", ["alice"], request("ALICE"), .false),
        ConditionRow("StringNotEqualsIgnoreCase", ["alice"], request("bob"), .true),
        ConditionRow("StringLike", ["ops-*"], request("ops-admin"), .true),
        ConditionRow("StringLike", ["ops-*"], request("Ops-admin"), .false),
        ConditionRow("StringLike", ["r?le"], request("role"), .true),
        ConditionRow("StringLike", ["r?le"], request("rle"), .false),
        ConditionRow("StringLike", ["r?le"], request("rôle"), .true),
        ConditionRow("StringLike", ["*/test/*"], request("1/2/test/x"), .true),
        ConditionRow("StringNotLike", ["ops-*"], request("ops-admin"), .false),
        ConditionRow("StringNotLike", ["ops-*"], request("dev-admin"), .true),
    ])
    func stringOperators(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        ConditionRow("NumericLessThan", ["3600"], request("100"), .true),
        ConditionRow("NumericLessThan", ["3600"], request("3600"), .false),
        ConditionRow("NumericLessThanEquals", ["3600"], request("3600"), .true),
        ConditionRow("NumericLessThanEquals", ["3600"], request("3601"), .false),
        ConditionRow("NumericGreaterThan", ["1e3"], request("1001"), .true),
        ConditionRow("NumericGreaterThan", ["1e3"], request("999"), .false),
        ConditionRow("NumericGreaterThanEquals", ["-5"], request("-5"), .true),
        ConditionRow("NumericGreaterThanEquals", ["-5"], request("-5.5"), .false),
        ConditionRow("NumericEquals", ["10"], request("10.0"), .true),
        ConditionRow("NumericEquals", ["10"], request("11"), .false),
        // Semantics 8b: a numeric operator on aws:RequestedRegion is a type mismatch (R7.3).
        ConditionRow("NumericLessThan", ["3600"], request("us-east-1"), .unknown),
        ConditionRow("NumericNotEquals", ["3600"], request("us-east-1"), .unknown),
        ConditionRow("NumericLessThan", ["abc"], request("5"), .unknown),
        ConditionRow("NumericEquals", ["nan"], request("nan"), .unknown),
        ConditionRow("NumericEquals", ["0x10"], request("16"), .unknown),
        ConditionRow("NumericLessThan", ["abc", "10"], request("5"), .true),
    ])
    func numericOperators(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        ConditionRow("DateLessThan", ["2024-01-01T00:00:00Z"], request("2023-12-31T23:59:59Z"), .true),
        ConditionRow("DateLessThan", ["2024-01-01T00:00:00Z"], request("2024-01-01T00:00:00Z"), .false),
        ConditionRow("DateLessThanEquals", ["2024-01-01T00:00:00Z"], request("2024-01-01T00:00:00Z"), .true),
        ConditionRow("DateGreaterThan", ["2024-01-01T00:00:00Z"], request("2024-01-01T00:00:00.5Z"), .true),
        ConditionRow("DateGreaterThan", ["2024-01-01T00:00:00Z"], request("2024-01-01T01:00:00+02:00"), .false),
        ConditionRow("DateGreaterThan", ["2024-01-01T00:00:00Z"], request("2023-12-31T23:00:00-02:00"), .true),
        ConditionRow("DateGreaterThanEquals", ["1704067200"], request("2024-01-01T00:00:00Z"), .true),
        ConditionRow("DateGreaterThanEquals", ["1704067200"], request("2023-12-31T23:59:59Z"), .false),
        ConditionRow("DateLessThan", ["2024-01-01"], request("1704067199"), .true),
        ConditionRow("DateLessThan", ["2024-01-01"], request("1704067200"), .false),
        ConditionRow("DateEquals", ["2024-01-01"], request("2024-01-01T00:00:00Z"), .true),
        ConditionRow("DateEquals", ["2024-02-29"], request("2024-03-01"), .false),
        ConditionRow("DateNotEquals", ["2024-01-01"], request("2024-01-02"), .true),
        ConditionRow("DateLessThan", ["2024-01-01"], request("yesterday"), .unknown),
        ConditionRow("DateLessThan", ["2024-13-01"], request("2024-01-01"), .unknown),
        ConditionRow("DateLessThan", ["2023-02-29"], request("2024-01-01"), .unknown),
        ConditionRow("DateNotEquals", ["2024-01-01"], request("soon"), .unknown),
    ])
    func dateOperators(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("1969-12-31T23:59:59Z", -1), ("2000-03-01", 951_868_800),
        ("2024-01-01T00:00:00-05:00", 1_704_085_200), ("2024-01-01T05:00+0500", 1_704_067_200),
        ("2024-01", 1_704_067_200), ("1704067200", 1_704_067_200), ("2024-01-01T00:00:00", 1_704_067_200),
    ])
    func parsesDates(text: String, seconds: Double) {
        #expect(ConditionDate.secondsSinceEpoch(text) == seconds)
    }

    @Test(arguments: [
        "", "2024-1-01", "2024-01-01T", "2024-01-01T24:00Z", "2024-01T10:00Z", "2024-01-01 00:00:00Z",
        "2024-01-01T00:00:00+25:00", "12.", "abc",
    ])
    func rejectsMalformedDates(text: String) {
        #expect(ConditionDate.secondsSinceEpoch(text) == nil)
    }

    @Test(arguments: [
        ConditionRow("Bool", ["true"], request("true"), .true),
        ConditionRow("Bool", ["true"], request("TRUE"), .true),
        ConditionRow("Bool", ["True"], request("true"), .true),
        ConditionRow("Bool", ["true"], request("false"), .false),
        ConditionRow("Bool", ["true"], request("yes"), .false),
        ConditionRow("Bool", ["false"], request("1"), .false),
        ConditionRow("BinaryEquals", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], request("QmluYXJ5VmFsdWVJbkJhc2U2NA=="), .true),
        ConditionRow("BinaryEquals", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], request("qmluyxj5vmfsdwvjbkjhc2u2na=="), .false),
    ])
    func boolAndBinaryOperators(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        ConditionRow("IpAddress", ["203.0.113.0/24"], request("203.0.113.77"), .true),
        ConditionRow("IpAddress", ["203.0.113.0/24"], request("203.0.114.1"), .false),
        ConditionRow("IpAddress", ["203.0.113.5"], request("203.0.113.5"), .true),
        ConditionRow("IpAddress", ["203.0.113.5"], request("203.0.113.6"), .false),
        ConditionRow("IpAddress", ["203.0.113.9/24"], request("203.0.113.200"), .true),
        ConditionRow("IpAddress", ["0.0.0.0/0"], request("198.51.100.1"), .true),
        ConditionRow("IpAddress", ["2001:db8::/32"], request("2001:db8:1234::1"), .true),
        ConditionRow("IpAddress", ["2001:db8::/32"], request("2001:db9::1"), .false),
        ConditionRow("IpAddress", ["2001:DB8:1234:5678::/64"], request("2001:db8:1234:5678:abcd::1"), .true),
        ConditionRow("IpAddress", ["2001:DB8:1234:5678::/64"], request("2001:db8:1234:5679::1"), .false),
        ConditionRow("IpAddress", ["2001:db8::1"], request("2001:db8::1"), .true),
        ConditionRow("IpAddress", ["2001:db8::1"], request("2001:db8::2"), .false),
        ConditionRow("IpAddress", ["::ffff:0:0/96"], request("::ffff:203.0.113.5"), .true),
        ConditionRow("IpAddress", ["203.0.113.0/24", "2001:db8::/32"], request("2001:db8::5"), .true),
        ConditionRow("IpAddress", ["2001:db8::/32"], request("203.0.113.5"), .false),
        ConditionRow("IpAddress", ["10.0.0.0/8"], request("10.1.0.0/16"), .true),
        ConditionRow("IpAddress", ["10.0.0.0/16"], request("10.0.0.0/8"), .false),
        ConditionRow("NotIpAddress", ["203.0.113.0/24"], request("203.0.113.77"), .false),
        ConditionRow("NotIpAddress", ["203.0.113.0/24"], request("198.51.100.1"), .true),
        ConditionRow("NotIpAddress", ["2001:db8::/32"], request("2001:db8::1"), .false),
        ConditionRow("NotIpAddress", ["2001:db8::/32"], request("2001:db9::1"), .true),
        ConditionRow("IpAddress", ["203.0.113.0/33"], request("203.0.113.1"), .unknown),
        ConditionRow("IpAddress", ["203.0.113.0/24"], request("not-an-ip"), .unknown),
        ConditionRow("NotIpAddress", ["203.0.113.0/24"], request("vpce-1"), .unknown),
    ])
    func ipAddressOperators(row: ConditionRow) {
        check(row)
    }

    @Test(arguments: [
        "1.2.3", "1.2.3.256", "1.2.3.4/", "1.2.3.4/-1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9",
        "::1/129", ":1::", "1:2:3:4:5:6:7::8:9", "fe80::1%eth0", "1.2.3.4.5", "",
    ])
    func rejectsMalformedAddresses(text: String) {
        #expect(IPAddressRange(text) == nil)
    }

    @Test(arguments: [
        "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:1.2.3.4", "0.0.0.0/0",
        "::/0", "2001:db8::/128",
    ])
    func parsesWellFormedAddresses(text: String) {
        #expect(IPAddressRange(text) != nil)
    }

    @Test(arguments: [
        ConditionRow(
            "ArnLike",
            ["arn:aws:iam::*:role/ops-*"],
            request("arn:aws:iam::111111111111:role/ops-admin"),
            .true
        ),
        ConditionRow(
            "ArnLike",
            ["arn:aws:iam::*:role/ops-*"],
            request("arn:aws:iam::111111111111:user/ops-admin"),
            .false
        ),
        ConditionRow(
            "ArnLike",
            ["arn:aws:iam::*:role/Ops-*"],
            request("arn:aws:iam::111111111111:role/ops-admin"),
            .false
        ),
        ConditionRow(
            "ArnEquals",
            ["arn:aws:iam::*:role/ops-*"],
            request("arn:aws:iam::111111111111:role/ops-admin"),
            .true
        ),
        ConditionRow(
            "ArnEquals",
            ["arn:aws:iam::111111111111:role/a"],
            request("arn:aws:iam::111111111111:role/a"),
            .true
        ),
        ConditionRow(
            "ArnEquals",
            ["arn:aws:iam::111111111111:role/a"],
            request("arn:aws:iam::222222222222:role/a"),
            .false
        ),
        // The AWS example: the first `*` covers only the region field under ArnLike…
        ConditionRow(
            "ArnLike",
            ["arn:aws:someservice:*:111122223333:finance/*"],
            request("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"),
            .false
        ),
        // …but runs across colons under StringLike.
        ConditionRow(
            "StringLike",
            ["arn:aws:someservice:*:111122223333:finance/*"],
            request("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"),
            .true
        ),
        ConditionRow("ArnLike", ["arn:aws:s3:::bucket/*"], request("arn:aws:s3:::bucket/a:b"), .true),
        ConditionRow("ArnLike", ["arn:aws:s3:::bucket/*"], request("arn:aws:s3:::other/a"), .false),
        ConditionRow("ArnLike", ["arn:aws:iam::?????????????:root"], request("arn:aws:iam::111111111111:root"), .false),
        ConditionRow("ArnLike", ["arn:aws:iam::????????????:root"], request("arn:aws:iam::111111111111:root"), .true),
        ConditionRow("ArnLike", ["*"], request("arn:aws:iam::111111111111:role/a"), .true),
        ConditionRow("ArnLike", ["*"], request("ops-admin"), .false),
        ConditionRow("ArnLike", ["arn:aws:iam::*"], request("arn:aws:iam::111111111111:role/a"), .unknown),
        ConditionRow("ArnLike", ["arn:aws:iam::*:role/*"], request("ops-admin"), .false),
        ConditionRow("ArnNotLike", ["arn:aws:iam::*:role/*"], request("ops-admin"), .true),
        ConditionRow(
            "ArnNotLike",
            ["arn:aws:iam::*:role/ops-*"],
            request("arn:aws:iam::111111111111:role/ops-admin"),
            .false
        ),
        ConditionRow("ArnNotLike", ["arn:aws:iam::*:role/ops-*"], request("arn:aws:iam::111111111111:role/dev"), .true),
    ])
    func arnOperators(row: ConditionRow) {
        check(row)
    }

    // MARK: - Policy variables (R2.7)

    @Test func variablesResolveOnlyUnderPolicyVariables() {
        let user: [String: ConditionKeyValue] = ["aws:username": request("alice")]
        #expect(evaluate("StringEquals", ["${aws:username}"], request("alice"), other: user) == .true)
        #expect(evaluate("StringEquals", ["${aws:username}"], request("bob"), other: user) == .false)
        #expect(
            evaluate("StringEquals", ["${aws:username}"], request("alice"), other: user, policyVariables: false)
                == .false
        )
        #expect(
            evaluate(
                "StringEquals",
                ["${aws:username}"],
                request("${aws:username}"),
                other: user,
                policyVariables: false
            )
                == .true
        )
        #expect(evaluate("StringLike", ["home/${aws:username}/*"], request("home/alice/docs"), other: user) == .true)
        #expect(evaluate("StringLike", ["home/${aws:username}/*"], request("home/bob/docs"), other: user) == .false)
        #expect(evaluate("StringEquals", ["${AWS:UserName}"], request("alice"), other: user) == .true)
        #expect(evaluate("StringEquals", ["${ aws:username }"], request("alice"), other: user) == .true)
        #expect(evaluate("StringEqualsIgnoreCase", ["${aws:username}"], request("ALICE"), other: user) == .true)
        #expect(
            evaluate("StringEquals", ["user-${aws:username}-${aws:username}"], request("user-alice-alice"), other: user)
                == .true
        )
    }

    @Test func variableWithAbsentKeyMatchesNothing() {
        let anonymous: [String: ConditionKeyValue] = ["aws:username": .absent]
        #expect(evaluate("StringEquals", ["${aws:username}"], request(""), other: anonymous) == .false)
        #expect(evaluate("StringLike", ["*${aws:username}*"], request("x"), other: anonymous) == .false)
        #expect(evaluate("StringNotEquals", ["${aws:username}"], request("x"), other: anonymous) == .true)
        #expect(evaluate("StringEquals", ["${aws:username}", "x"], request("x"), other: anonymous) == .true)
        #expect(
            evaluate("StringEquals", ["${aws:username, 'anonymous'}"], request("anonymous"), other: anonymous) == .true
        )
        #expect(
            evaluate("StringEquals", ["${aws:username, 'anonymous'}"], request("alice"), other: anonymous) == .false
        )
        #expect(
            evaluate(
                "StringEquals",
                ["${aws:username, 'anonymous'}"],
                request("alice"),
                other: ["aws:username": request("alice")]
            )
                == .true
        )
        // A multivalued key cannot be a variable.
        let multi: [String: ConditionKeyValue] = ["aws:username": request("a", "b")]
        #expect(evaluate("StringEquals", ["${aws:username}"], request("a"), other: multi) == .false)
        #expect(evaluate("StringNotEquals", ["${aws:username}"], request("a"), other: multi) == .true)
    }

    @Test func variableWithUnknownKeyLeavesValueUnknown() {
        let unseen: [String: ConditionKeyValue] = ["aws:username": .unknown]
        #expect(evaluate("StringEquals", ["${aws:username}"], request("alice"), other: unseen) == .unknown)
        #expect(evaluate("StringNotEquals", ["${aws:username}"], request("alice"), other: unseen) == .unknown)
        #expect(
            evaluate("StringEquals", ["${aws:username, 'anonymous'}"], request("anonymous"), other: unseen) == .unknown
        )
        #expect(evaluate("StringEquals", ["${aws:username}", "ops"], request("ops"), other: unseen) == .true)
        #expect(evaluate("StringEquals", ["${aws:username}", "ops"], request("dev"), other: unseen) == .unknown)
        // An absent variable decides its value even next to an unknown one.
        let mixed: [String: ConditionKeyValue] = ["aws:username": .unknown, "aws:userid": .absent]
        #expect(evaluate("StringEquals", ["${aws:username}${aws:userid}"], request("x"), other: mixed) == .false)
    }

    @Test func specialCharacterVariablesAreLiteral() {
        #expect(evaluate("StringLike", ["a${*}b"], request("a*b")) == .true)
        #expect(evaluate("StringLike", ["a${*}b"], request("axb")) == .false)
        #expect(evaluate("StringLike", ["a${?}b"], request("a?b")) == .true)
        #expect(evaluate("StringLike", ["a${?}b"], request("axb")) == .false)
        #expect(evaluate("StringEquals", ["${$}5"], request("$5")) == .true)
        #expect(evaluate("StringEquals", ["${$}5"], request("${$}5")) == .false)
        #expect(evaluate("StringEquals", ["${$}5"], request("${$}5"), policyVariables: false) == .true)
        #expect(evaluate("StringLike", ["a${*}b"], request("a${xyz}b"), policyVariables: false) == .true)
        #expect(evaluate("StringLike", ["a${*}b"], request("a*b"), policyVariables: false) == .false)
    }

    @Test func substitutedWildcardsAreLiteral() {
        let tag: [String: ConditionKeyValue] = ["aws:PrincipalTag/team": request("o*")]
        #expect(evaluate("StringLike", ["${aws:PrincipalTag/team}"], request("o*"), other: tag) == .true)
        #expect(evaluate("StringLike", ["${aws:PrincipalTag/team}"], request("ops"), other: tag) == .false)
        #expect(evaluate("StringLike", ["${aws:PrincipalTag/team}-*"], request("o*-x"), other: tag) == .true)
    }

    @Test func malformedVariablesStayLiteral() {
        let user: [String: ConditionKeyValue] = ["aws:username": request("alice")]
        #expect(evaluate("StringEquals", ["${aws:username"], request("${aws:username"), other: user) == .true)
        #expect(evaluate("StringEquals", ["${}"], request("${}"), other: user) == .true)
        #expect(
            evaluate("StringEquals", ["${aws:username, anonymous}"], request("${aws:username, anonymous}"), other: user)
                == .true
        )
        #expect(evaluate("StringEquals", ["$aws:username"], request("$aws:username"), other: user) == .true)
    }

    @Test func variablesInArnAndBoolButNotOtherFamilies() {
        let facts: [String: ConditionKeyValue] = [
            "aws:PrincipalAccount": request("111111111111"), "test:Five": request("5"), "test:Flag": request("true"),
        ]
        let pattern = "arn:aws:iam::${aws:PrincipalAccount}:role/*"
        #expect(evaluate("ArnLike", [pattern], request("arn:aws:iam::111111111111:role/a"), other: facts) == .true)
        #expect(evaluate("ArnLike", [pattern], request("arn:aws:iam::222222222222:role/a"), other: facts) == .false)
        #expect(evaluate("Bool", ["${test:Flag}"], request("true"), other: facts) == .true)
        #expect(evaluate("Bool", ["${test:Flag}"], request("false"), other: facts) == .false)
        // Numeric, Date and IpAddress take no variables: the text stays literal and does not parse.
        #expect(evaluate("NumericEquals", ["${test:Five}"], request("5"), other: facts) == .unknown)
        #expect(evaluate("DateEquals", ["${test:Five}"], request("5"), other: facts) == .unknown)
        #expect(evaluate("IpAddress", ["${test:Five}"], request("10.0.0.1"), other: facts) == .unknown)
    }

    // MARK: - Key names and clause lists

    @Test func keyNamesAreCaseInsensitive() {
        let clause = ConditionClause(operatorName: "StringEquals", key: "AWS:PrincipalOrgID", values: ["o-1"])
        let context = FixedConditionContext(["aws:principalorgid": request("o-1")])
        #expect(ConditionEvaluator.evaluate(clause, in: context, policyVariables: true) == .true)
    }

    @Test func clauseListIsConjunctionWithOpenClauses() {
        let context = FixedConditionContext([
            "aws:PrincipalOrgID": request("o-1"), "aws:SourceIp": .unknown, "aws:PrincipalTag/team": .absent,
        ])
        let org = ConditionClause(operatorName: "StringEquals", key: "aws:PrincipalOrgID", values: ["o-1"])
        let ip = ConditionClause(operatorName: "IpAddress", key: "aws:SourceIp", values: ["10.0.0.0/8"])
        let team = ConditionClause(operatorName: "StringEquals", key: "aws:PrincipalTag/team", values: ["ops"])

        let allTrue = ConditionEvaluator.evaluate([org], in: context, policyVariables: true)
        #expect(allTrue.truth == .true)
        #expect(allTrue.open.isEmpty)

        let undecided = ConditionEvaluator.evaluate([org, ip], in: context, policyVariables: true)
        #expect(undecided.truth == .unknown)
        #expect(undecided.open == [ip])

        let refuted = ConditionEvaluator.evaluate([ip, org, team], in: context, policyVariables: true)
        #expect(refuted.truth == .false)
        #expect(refuted.open.isEmpty)

        let empty = ConditionEvaluator.evaluate([], in: context, policyVariables: true)
        #expect(empty.truth == .true)
        #expect(empty.open.isEmpty)
    }
}
