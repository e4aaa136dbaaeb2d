import ArgumentParser
import IAMGraph

extension RoleChainCommand {
    struct ImportOrganization: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-organization",
            abstract: "Import an AWS Organization (tree, SCPs, RCPs) saved by Scripts/collect-organization.sh.",
            discussion: """
                SCPs then limit the IAM users and roles of member accounts, RCPs the resources of member accounts, \
                and aws:PrincipalOrgID conditions become decidable. Importing again replaces the organization.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The folder written by Scripts/collect-organization.sh.")
        var folder: String

        func run() throws {
            let summary = try Importer(store: try store.open(.readWrite)).importOrganization(folder: folder)
            Diagnostics.note(
                "imported the organization (\(summary.accounts.count) member accounts); \(summary.edges) AssumeRole edges (\(summary.conditionalEdges) conditional)"
            )
        }
    }
}
