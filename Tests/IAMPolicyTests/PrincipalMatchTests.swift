import Testing

@testable import IAMPolicy

/// The prebuilt index of `AWS` principal values must answer exactly as the
/// plain scan does, for every form a trust policy can use (R2.3–R2.5, R5.5).
@Suite struct PrincipalMatchTests {
    static let set = PrincipalSet(aws: [
        "222222222222",
        "arn:aws:iam::333333333333:root",
        "arn:aws:iam::111111111111:role/team/RoleA",
        "arn:aws:iam::111111111111:user/alice",
        "arn:aws:sts::111111111111:assumed-role/RoleB/session1",
        "AROAEXAMPLEDELETED01",
        "arn:aws-cn:iam::444444444444:root",
    ])

    static let callers: [RequestPrincipal] = [
        RequestPrincipal.identity(arn: "arn:aws:iam::111111111111:role/team/RoleA"),
        RequestPrincipal.identity(arn: "arn:aws:iam::111111111111:role/RoleB"),
        RequestPrincipal.identity(arn: "arn:aws:iam::111111111111:role/RoleC"),
        RequestPrincipal.identity(arn: "arn:aws:iam::111111111111:user/alice"),
        RequestPrincipal.identity(arn: "arn:aws:iam::222222222222:role/Any"),
        RequestPrincipal.identity(arn: "arn:aws:iam::333333333333:user/bob"),
        RequestPrincipal.identity(arn: "arn:aws:iam::444444444444:user/carol"),
        RequestPrincipal.identity(arn: "arn:aws-cn:iam::444444444444:user/carol"),
        RequestPrincipal.identity(arn: "arn:aws:iam::555555555555:role/Recreated", uniqueID: "AROAEXAMPLEDELETED01"),
        RequestPrincipal(kind: .account, arn: "arn:aws:iam::222222222222:root", accountID: "222222222222"),
        RequestPrincipal(kind: .account, arn: "arn:aws:iam::666666666666:root", accountID: "666666666666"),
    ].compactMap { $0 }

    @Test func theIndexAnswersAsTheScanDoes() {
        let index = AWSPrincipalIndex(Self.set)
        for caller in Self.callers {
            #expect(Self.set.match(caller, index: index) == Self.set.match(caller, index: nil), "\(caller.arn)")
        }
    }

    @Test func eachFormMatchesWhatItNames() {
        let index = AWSPrincipalIndex(Self.set)
        let answers = Dictionary(uniqueKeysWithValues: Self.callers.map { ($0.arn, Self.set.match($0, index: index)) })
        #expect(answers["arn:aws:iam::111111111111:role/team/RoleA"] == .named)
        #expect(answers["arn:aws:iam::111111111111:role/RoleB"] == .session("session1"))
        #expect(answers["arn:aws:iam::111111111111:role/RoleC"] == PrincipalMatch?.none)
        #expect(answers["arn:aws:iam::222222222222:role/Any"] == .account)
        #expect(answers["arn:aws:iam::333333333333:user/bob"] == .account)
        #expect(answers["arn:aws:iam::444444444444:user/carol"] == PrincipalMatch?.none)
        #expect(answers["arn:aws-cn:iam::444444444444:user/carol"] == .account)
        #expect(answers["arn:aws:iam::555555555555:role/Recreated"] == .named)
        #expect(answers["arn:aws:iam::666666666666:root"] == PrincipalMatch?.none)
    }
}
