import IAMStore

/// The exit codes, from sysexits(3) so shells and CI can tell usage, data
/// and I/O failures apart. Documented in the README and `rolechain --help`.
enum ExitStatus: Int32 {
    case success = 0
    /// `lint --fail-on`: findings at or above the threshold.
    case findings = 1
    case usage = 64
    case dataError = 65
    case internalError = 70
    case ioError = 74
    case busy = 75

    static func `for`(_ error: StoreError) -> ExitStatus {
        switch error.category {
        case .data: .dataError
        case .io: .ioError
        case .busy: .busy
        }
    }
}

/// A failure the command has already described.
struct CommandFailure: Error {
    var message: String
    var status: ExitStatus
}
