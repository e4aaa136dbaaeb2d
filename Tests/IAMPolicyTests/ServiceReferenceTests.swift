import Foundation
import Testing

@testable import IAMPolicy

/// The bundled reference, checked against facts from AWS's published
/// Service Authorization Reference that analysis relies on.
@Suite struct ServiceReferenceTests {
    let reference = ServiceReference.shared

    // MARK: Loading

    @Test func bundledDataLoads() {
        #expect(reference.loadError == nil)
        #expect(!reference.version.isEmpty)
        #expect(reference.version.split(separator: ".").count >= 2)
    }

    @Test func bundledFileIsFoundOnDisk() throws {
        let url = try #require(ServiceReference.bundledDataURL(named: "service-reference.json"))
        #expect(url.lastPathComponent == "service-reference.json")
        #expect(ServiceReference.bundledDataURL(named: "no-such-file.json") == nil)
    }

    /// Format 2 keeps S3 in `services` (its condition keys) but moves the S3
    /// actions table to `s3-reference.json`, which the shared reference holds.
    @Test func bundledDataIsFormat2WithS3TablesApart() throws {
        let url = try #require(ServiceReference.bundledDataURL(named: "service-reference.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(object["format"] as? Int == 2)
        #expect(object["s3"] == nil)
        #expect((object["services"] as? [String: Any])?["s3"] != nil)
        #expect(reference.s3.loadError == nil)
        #expect(reference.s3.version == reference.version)
    }

    @Test func unsupportedFormatIsRejected() {
        let json = """
            {"format":1,"source":{"version":"1"},"globalConditionKeys":[],"services":{},
             "s3":{"actions":{},"resourceTypes":{}}}
            """
        #expect(throws: ServiceReferenceError.unsupportedFormat(1)) {
            try ServiceReference(jsonData: Data(json.utf8))
        }
    }

    @Test func malformedDataThrows() {
        #expect(throws: (any Error).self) { try ServiceReference(jsonData: Data("{".utf8)) }
    }

    @Test func emptyReferenceAnswersUnknown() {
        let empty = ServiceReference.empty(loadError: "missing")
        #expect(empty.loadError == "missing")
        #expect(empty.version == "")
        #expect(empty.resourceTypes(forAction: "s3:GetObject") == nil)
        #expect(empty.resourceTypeUses(forAction: "s3:GetObject") == nil)
        #expect(empty.accessLevel(forAction: "s3:GetObject") == nil)
        #expect(empty.arnTemplate(forS3ResourceType: "object") == nil)
        #expect(empty.s3.loadError == "missing")
        #expect(empty.actions(matching: "s3:*").isEmpty)
        #expect(empty.conditionKeyType("aws:SourceIp") == nil)
        #expect(!empty.isGlobalConditionKey("aws:SourceIp"))
        #expect(empty.conditionKeys(forAction: "s3:ListBucket") == nil)
    }

    // MARK: S3 resource types

    @Test func getObjectActsOnObjects() throws {
        let types = try #require(reference.resourceTypes(forAction: "s3:GetObject"))
        #expect(types.contains("object"))
        #expect(!types.contains("bucket"))
    }

    @Test func listBucketActsOnBuckets() throws {
        let types = try #require(reference.resourceTypes(forAction: "s3:ListBucket"))
        #expect(types.contains("bucket"))
        #expect(!types.contains("object"))
    }

    @Test func listAllMyBucketsActsOnNoResource() {
        #expect(reference.resourceTypes(forAction: "s3:ListAllMyBuckets") == [])
    }

    @Test func createBucketRequiresABucket() throws {
        let uses = try #require(reference.resourceTypeUses(forAction: "s3:CreateBucket"))
        #expect(uses == [ServiceReference.ResourceTypeUse(name: "bucket", isRequired: true)])
    }

    @Test(arguments: ["s3:GetObject", "S3:GETOBJECT", "s3:getobject", "S3:GetObject"])
    func actionLookupIgnoresCase(action: String) {
        #expect(reference.resourceTypes(forAction: action) == reference.resourceTypes(forAction: "s3:GetObject"))
        #expect(reference.resourceTypes(forAction: action)?.contains("object") == true)
    }

    @Test(arguments: ["s3:GetObjekt", "s3:", "GetObject", "nosuchservice:GetObject", "ec2:RunInstances", ""])
    func resourceTypesAreNilOutsideKnownS3Actions(action: String) {
        #expect(reference.resourceTypes(forAction: action) == nil)
    }

    @Test func accessLevels() {
        #expect(reference.accessLevel(forAction: "s3:GetObject") == "Read")
        #expect(reference.accessLevel(forAction: "s3:PutObject") == "Write")
        #expect(reference.accessLevel(forAction: "s3:ListBucket") == "List")
        #expect(reference.accessLevel(forAction: "s3:PutBucketPolicy") == "Permissions management")
        #expect(reference.accessLevel(forAction: "s3:PutObjectTagging") == "Tagging")
        #expect(reference.accessLevel(forAction: "iam:PassRole") == nil)
    }

    @Test func s3ResourceARNTemplates() {
        let objectARN = "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        #expect(reference.arnTemplate(forS3ResourceType: "object") == objectARN)
        #expect(reference.arnTemplate(forS3ResourceType: "Bucket") == "arn:${Partition}:s3:::${BucketName}")
        #expect(reference.arnTemplate(forS3ResourceType: "nosuchtype") == nil)
    }

    // MARK: Action patterns

    @Test func getWildcardExpandsToGetActionsOnly() {
        let actions = reference.actions(matching: "s3:Get*")
        #expect(actions.contains("s3:GetObject"))
        #expect(actions.contains("s3:GetBucketPolicy"))
        #expect(!actions.contains("s3:PutObject"))
        #expect(actions.allSatisfy { $0.hasPrefix("s3:Get") })
    }

    @Test func patternsMatchCaseInsensitivelyAndAnswerInAWSSpelling() {
        let actions = reference.actions(matching: "S3:get*")
        #expect(actions == reference.actions(matching: "s3:Get*"))
        #expect(actions.contains("s3:GetObject"))
        #expect(!actions.contains("s3:getobject"))
    }

    @Test func exactPatternsAndQuestionMarks() {
        #expect(reference.actions(matching: "iam:passrole") == ["iam:PassRole"])
        #expect(reference.actions(matching: "s3:?etObject") == ["s3:GetObject"])
        #expect(reference.actions(matching: "s3:GetObjekt").isEmpty)
        #expect(reference.actions(matching: "nosuchservice:*").isEmpty)
    }

    @Test func starMatchesEveryService() {
        let everything = reference.actions(matching: "*")
        #expect(everything.count > 10_000)
        #expect(everything.contains("sts:AssumeRole"))
        #expect(everything.contains("s3:GetObject"))
        let byService = everything.sorted { ($0.split(separator: ":")[0], $0) < ($1.split(separator: ":")[0], $1) }
        #expect(everything == byService)
    }

    @Test func wildcardServicePartScansAllServices() {
        let actions = reference.actions(matching: "s*:AssumeRole")
        #expect(actions.contains("sts:AssumeRole"))
        #expect(!actions.contains("s3:GetObject"))
    }

    @Test func canonicalActionNames() {
        #expect(reference.canonicalActionName("IAM:PASSROLE") == "iam:PassRole")
        #expect(reference.canonicalActionName("iam:PassRol") == nil)
    }

    // MARK: Condition key types

    @Test(arguments: [
        ("aws:RequestedRegion", "String"),
        ("aws:MultiFactorAuthAge", "Numeric"),
        ("aws:MultiFactorAuthPresent", "Bool"),
        ("aws:PrincipalTag/team", "String"),
        ("aws:ResourceTag/Cost-Center", "String"),
        ("aws:PrincipalArn", "ARN"),
        ("aws:SourceIp", "IPAddress"),
        ("aws:CurrentTime", "Date"),
        ("aws:PrincipalOrgPaths", "ArrayOfString"),
        ("aws:userid", "String"),
        ("AWS:REQUESTEDREGION", "String"),
        ("sts:ExternalId", "String"),
        ("STS:EXTERNALID", "String"),
        ("sts:DurationSeconds", "Numeric"),
        ("s3:prefix", "String"),
        ("s3:max-keys", "Numeric"),
        ("s3:ExistingObjectTag/classification", "String"),
        ("saml:aud", "String"),
        ("iam:PassedToService", "String"),
        ("ec2:SourceInstanceArn", "ARN"),
    ])
    func conditionKeyTypes(key: String, type: String) {
        #expect(reference.conditionKeyType(key) == type)
    }

    @Test(arguments: [
        "aws:NoSuchKey", "s3:NoSuchKey", "nosuchservice:Key", "aws:PrincipalTag/", "PrincipalTag/team", "",
    ])
    func unknownKeysHaveNoType(key: String) {
        #expect(reference.conditionKeyType(key) == nil)
    }

    @Test func epochTimeAcceptsDatesAndNumbers() {
        #expect(reference.conditionKeyTypes("aws:EpochTime") == ["Date", "Numeric"])
        #expect(reference.conditionKeyType("aws:EpochTime") == "Date")
    }

    @Test func globalPageOutranksBorrowingServices() {
        // Amazon Q's table types identitystore:UserId as ArrayOfString; AWS's
        // global-key page and the Identity Store's own table say String.
        #expect(reference.conditionKeyType("identitystore:UserId") == "String")
    }

    @Test func globalKeys() {
        #expect(reference.isGlobalConditionKey("aws:SourceIp"))
        #expect(reference.isGlobalConditionKey("AWS:sourceip"))
        #expect(reference.isGlobalConditionKey("aws:PrincipalTag/team"))
        #expect(reference.isGlobalConditionKey("aws:CalledVia"))
        #expect(reference.isGlobalConditionKey("ec2:SourceInstanceArn"))
        #expect(!reference.isGlobalConditionKey("aws:NoSuchKey"))
        #expect(!reference.isGlobalConditionKey("s3:prefix"))
        #expect(!reference.isGlobalConditionKey("sts:ExternalId"))
    }

    // MARK: Condition keys per action

    @Test func listBucketSupportsPrefix() throws {
        let keys = try #require(reference.conditionKeys(forAction: "s3:ListBucket"))
        #expect(keys.contains("s3:prefix"))
        #expect(keys.contains("s3:delimiter"))
        #expect(keys.allSatisfy { !$0.lowercased().hasPrefix("aws:") })
    }

    @Test func getObjectDoesNotSupportPrefix() throws {
        let keys = try #require(reference.conditionKeys(forAction: "s3:GetObject"))
        #expect(!keys.contains("s3:prefix"))
        #expect(keys.contains("s3:ExistingObjectTag/<key>"))
    }

    @Test func resourceTypeKeysCountForTheAction() throws {
        // s3:BucketTag is listed for the bucket resource type, not the action row.
        let keys = try #require(reference.conditionKeys(forAction: "s3:ListBucket"))
        #expect(keys.contains("s3:BucketTag/${TagKey}"))
    }

    @Test func assumeRoleSupportsExternalId() throws {
        let keys = try #require(reference.conditionKeys(forAction: "sts:assumerole"))
        #expect(keys.contains("sts:ExternalId"))
        #expect(keys.contains("saml:sub"))
    }

    @Test func unknownActionsHaveNoKeys() {
        #expect(reference.conditionKeys(forAction: "s3:GetObjekt") == nil)
        #expect(reference.conditionKeys(forAction: "GetObject") == nil)
        #expect(reference.isConditionKey("s3:prefix", validForAction: "s3:GetObjekt") == nil)
    }

    @Test func keyValidityPerAction() {
        #expect(reference.isConditionKey("s3:prefix", validForAction: "s3:ListBucket") == true)
        #expect(reference.isConditionKey("S3:PREFIX", validForAction: "S3:LISTBUCKET") == true)
        #expect(reference.isConditionKey("s3:prefix", validForAction: "s3:GetObject") == false)
        #expect(reference.isConditionKey("s3:ExistingObjectTag/team", validForAction: "s3:GetObject") == true)
        #expect(reference.isConditionKey("aws:SourceIp", validForAction: "s3:GetObject") == true)
        #expect(reference.isConditionKey("sts:ExternalId", validForAction: "s3:GetObject") == false)
    }

    // MARK: Hand-written data

    /// A tiny reference exercising precedence and templates without
    /// depending on what the bundled data happens to contain.
    @Test func templatesPreferTheMostSpecificKeyAndOwningService() throws {
        let json = """
            {"format":2,"source":{"version":"test"},
             "globalConditionKeys":[["aws:PrincipalTag/${TagKey}","String"],["aws:EpochTime","Date","Numeric"]],
             "services":{
               "borrower":{"name":"B","conditionKeys":[["owner:Size","ArrayOfString"]],"actions":{"Do":[0]}},
               "owner":{"name":"O","conditionKeys":[["owner:Size","Numeric"],["owner:Tag/${TagKey}","String"],
                        ["owner:Tag/special","Bool"]],"actions":{"Act":[0,2],"Other":[]}}}}
            """
        let small = try ServiceReference(jsonData: Data(json.utf8))
        #expect(small.version == "test")
        #expect(small.conditionKeyType("owner:size") == "Numeric")
        #expect(small.conditionKeyType("owner:Tag/special") == "Bool")
        #expect(small.conditionKeyType("owner:Tag/other") == "String")
        #expect(small.conditionKeyType("aws:principaltag/x") == "String")
        #expect(small.conditionKeys(forAction: "owner:Act") == ["owner:Size", "owner:Tag/special"])
        #expect(small.conditionKeys(forAction: "owner:Other") == [])
        #expect(small.isConditionKey("owner:Tag/x", validForAction: "owner:Act") == false)
        #expect(small.isConditionKey("owner:Size", validForAction: "borrower:Do") == true)
        #expect(small.actions(matching: "*") == ["borrower:Do", "owner:Act", "owner:Other"])
        #expect(small.resourceTypes(forAction: "s3:GetObject") == nil)
    }

    @Test func s3QuestionsAreAnsweredByTheGivenS3Reference() throws {
        let json = """
            {"format":2,"source":{"version":"test"},"globalConditionKeys":[],"services":{}}
            """
        let s3JSON = """
            {"format":1,"source":{"version":"test"},
             "actions":{"GetObject":{"accessLevel":"Read","resourceTypes":[{"name":"object","required":true}]}},
             "resourceTypes":{"object":"arn:${Partition}:s3:::${BucketName}/${ObjectName}"}}
            """
        let small = try ServiceReference(jsonData: Data(json.utf8), s3: S3Reference(jsonData: Data(s3JSON.utf8)))
        #expect(small.resourceTypes(forAction: "S3:GETOBJECT") == ["object"])
        #expect(small.resourceTypeUses(forAction: "s3:GetObject") == [.init(name: "object", isRequired: true)])
        #expect(small.accessLevel(forAction: "s3:GetObject") == "Read")
        #expect(small.arnTemplate(forS3ResourceType: "Object") == "arn:${Partition}:s3:::${BucketName}/${ObjectName}")
        #expect(small.resourceTypes(forAction: "s3:PutObject") == nil)
    }
}
