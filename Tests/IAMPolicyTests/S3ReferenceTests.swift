import Foundation
import Testing

@testable import IAMPolicy

/// The bundled S3 tables, on their own and against the full reference.
@Suite struct S3ReferenceTests {
    let reference = S3Reference.shared

    // MARK: Loading

    @Test func bundledDataLoads() throws {
        #expect(reference.loadError == nil)
        #expect(!reference.version.isEmpty)
        let url = try #require(ServiceReference.bundledDataURL(named: "s3-reference.json"))
        #expect(url.lastPathComponent == "s3-reference.json")
    }

    @Test func malformedDataThrows() {
        #expect(throws: (any Error).self) { try S3Reference(jsonData: Data("{".utf8)) }
        #expect(throws: (any Error).self) { try S3Reference(jsonData: Data(#"{"format":1}"#.utf8)) }
    }

    @Test func unsupportedFormatIsRejected() {
        let json = #"{"format":99,"source":{"version":"1"},"actions":{},"resourceTypes":{}}"#
        #expect(throws: ServiceReferenceError.unsupportedS3Format(99)) {
            try S3Reference(jsonData: Data(json.utf8))
        }
    }

    @Test func emptyReferenceAnswersUnknown() {
        let empty = S3Reference.empty(loadError: "missing")
        #expect(empty.loadError == "missing")
        #expect(empty.version == "")
        #expect(empty.resourceTypes(forAction: "s3:GetObject") == nil)
        #expect(empty.resourceTypeUses(forAction: "s3:GetObject") == nil)
        #expect(empty.accessLevel(forAction: "s3:GetObject") == nil)
        #expect(empty.arnTemplate(forS3ResourceType: "object") == nil)
        #expect(empty.actions(matching: "s3:*").isEmpty)
    }

    // MARK: Actions

    @Test func getObjectActsOnObjects() {
        #expect(reference.resourceTypes(forAction: "s3:GetObject") == ["accesspointobject", "object"])
        #expect(reference.resourceTypes(forAction: "S3:GETOBJECT") == ["accesspointobject", "object"])
        #expect(reference.accessLevel(forAction: "s3:GetObject") == "Read")
    }

    @Test func listBucketActsOnBuckets() {
        #expect(reference.resourceTypes(forAction: "s3:ListBucket") == ["accesspoint", "bucket"])
        #expect(reference.accessLevel(forAction: "s3:ListBucket") == "List")
    }

    @Test func createBucketRequiresABucket() {
        #expect(reference.resourceTypeUses(forAction: "s3:CreateBucket") == [.init(name: "bucket", isRequired: true)])
    }

    @Test(arguments: ["s3:GetObjekt", "s3:", "GetObject", "nosuchservice:GetObject", "ec2:RunInstances", ""])
    func unknownActionsHaveNoAnswer(action: String) {
        #expect(reference.resourceTypes(forAction: action) == nil)
        #expect(reference.resourceTypeUses(forAction: action) == nil)
        #expect(reference.accessLevel(forAction: action) == nil)
    }

    @Test func resourceARNTemplates() {
        #expect(reference.arnTemplate(forS3ResourceType: "Bucket") == "arn:${Partition}:s3:::${BucketName}")
        #expect(reference.arnTemplate(forS3ResourceType: "nosuchtype") == nil)
    }

    // MARK: Agreement with the full reference

    @Test(arguments: ["s3:Get*", "S3:get*", "s3:*", "s3:?etObject", "s3:*Object*", "s3:GetObject", "s3:GetObjekt"])
    func expansionEqualsTheFullReference(pattern: String) {
        #expect(S3Reference.patternNamesS3(pattern))
        #expect(reference.actions(matching: pattern) == ServiceReference.shared.actions(matching: pattern))
    }

    @Test func getWildcardExpandsToGetActions() {
        let actions = reference.actions(matching: "s3:Get*")
        #expect(actions.contains("s3:GetObject"))
        #expect(!actions.contains("s3:PutObject"))
        #expect(actions.allSatisfy { $0.hasPrefix("s3:Get") })
    }

    @Test func otherServicesExpandToTheirS3Share() {
        #expect(reference.actions(matching: "ec2:*").isEmpty)
        #expect(reference.actions(matching: "s3express:*").isEmpty)
        let s3Share = ServiceReference.shared.actions(matching: "*").filter { $0.hasPrefix("s3:") }
        #expect(reference.actions(matching: "*") == s3Share)
        #expect(reference.actions(matching: "s*:Get*") == reference.actions(matching: "s3:Get*"))
        for pattern in ["*", "s*:Get*", "s3", "s3*", "ec2:*", "S3Express:*"] {
            #expect(!S3Reference.patternNamesS3(pattern))
        }
    }

    /// Every S3 action the full reference lists has S3 tables, and no other.
    @Test func actionsAgreeWithTheFullReference() {
        #expect(reference.actions(matching: "s3:*").count > 100)
        for action in ServiceReference.shared.actions(matching: "s3:*") {
            #expect(reference.accessLevel(forAction: action) != nil, "\(action)")
        }
    }
}
