import Foundation

/// Messages for people, on standard error, so standard output stays data.
enum Diagnostics {
    static func error(_ message: String) {
        write("error: \(message)\n")
    }

    static func warning(_ message: String) {
        write("warning: \(message)\n")
    }

    static func note(_ message: String) {
        write("\(message)\n")
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether standard error is a terminal, for progress output.
    static var isInteractive: Bool { isatty(STDERR_FILENO) != 0 }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var usesColor: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }
}
