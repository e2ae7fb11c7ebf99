import Foundation

/// Batch input for `--stdin` modes: one query per line in, one answer per line out, in order.
/// Output is collected and written in large chunks so 10,000 answers take milliseconds.
enum LineIO {
    /// Answers every line of standard input; returns whether every answer was ok.
    static func answerStandardInput(_ answer: (Substring) -> (line: String, ok: Bool)) -> Bool {
        var allOK = true
        var output = ""
        output.reserveCapacity(1 << 16)
        while let line = readLine(strippingNewline: true) {
            let trimmed = line.hasSuffix("\r") ? Substring(line.dropLast()) : Substring(line)
            // Every line gets an answer, so output line n always answers input line n.
            let result: (line: String, ok: Bool) = trimmed.allSatisfy(\.isWhitespace) ? ("error: empty line", false) : answer(trimmed)
            allOK = allOK && result.ok
            output += result.line
            output += "\n"
            if output.utf8.count >= 1 << 16 {
                write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        write(output)
        return allOK
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
