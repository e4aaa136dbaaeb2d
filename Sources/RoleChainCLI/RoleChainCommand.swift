import ArgumentParser
import Foundation
import IAMGraph
import IAMStore

/// `rolechain`: who can reach your data through chains of IAM roles.
@main
struct RoleChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rolechain",
        abstract: "Find who can reach your AWS data through chains of IAM roles.",
        discussion: """
            Import 'aws iam get-account-authorization-details' snapshots (one file per account) and S3 bucket \
            policies, then ask who can reach a bucket, directly or by assuming roles across accounts.

            Exit codes: 0 success; 1 lint findings at or above --fail-on; 64 usage error; 65 bad input data \
            (the database is unchanged); 74 file or database I/O error; 75 database locked by another import; \
            70 internal error.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Import.self, ImportBucketPolicy.self, ImportOrganization.self, SQL.self, Explain.self,
            WhoCanReach.self, Chains.self, Stats.self, Lint.self,
        ]
    )

    /// Runs the command and turns library errors into the documented exit codes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as StoreError {
            Diagnostics.error(error.description)
            Foundation.exit(ExitStatus.for(error).rawValue)
        } catch let error as CommandFailure {
            Diagnostics.error(error.message)
            Foundation.exit(error.status.rawValue)
        } catch let error as PrincipalLookup.NotFound {
            Diagnostics.error(error.description)
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch let error as CocoaError where error.isFileError {
            Diagnostics.error(error.localizedDescription)
            Foundation.exit(ExitStatus.ioError.rawValue)
        } catch let error as DecodingError {
            Diagnostics.error("internal error: \(error)")
            Foundation.exit(ExitStatus.internalError.rawValue)
        } catch {
            // Argument errors, --help and --version are ArgumentParser's to report.
            exit(withError: error)
        }
    }
}
