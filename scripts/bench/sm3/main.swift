// The SM3 benchmark main of scripts/bench-sm3.sh: compiled with swiftc -O together with
// Sources/Ledger/Digests/SM3.swift (which imports nothing), so no release build of the package is
// needed. Streams FILE through SM3.update in 1 MiB chunks, as `lawtrail digest` does, and prints
// the digest, wall and thread-CPU seconds and MB/s (10^6 bytes per second).
import Foundation

func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: bench-sm3 FILE\n".utf8))
    exit(2)
}
let path = CommandLine.arguments[1]
let descriptor = open(path, O_RDONLY)
guard descriptor >= 0 else {
    FileHandle.standardError.write(Data("cannot open \(path)\n".utf8))
    exit(1)
}
let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
var hasher = SM3()
var total = 0
let wallStart = DispatchTime.now().uptimeNanoseconds
let cpuStart = cpuSeconds()
while true {
    let count = read(descriptor, buffer.baseAddress, buffer.count)
    if count <= 0 { break }
    hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    total += count
}
let digest = hasher.finalize()
let cpu = cpuSeconds() - cpuStart
let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
print(String(format: "swift-sm3 %@ bytes=%d wall=%.3f cpu=%.3f wall_mbps=%.1f cpu_mbps=%.1f",
             SM3.hex(digest), total, wall, cpu, Double(total) / wall / 1e6, Double(total) / cpu / 1e6))
