// Package bench holds benchmarks of gsh as a whole.
package bench

// What `time` costs: each benchmark runs one gsh with b.N iterations of
// a loop body, timed and untimed, so ns/op is the cost of one iteration.
//
//	go test -bench Time -run '^$' ./bench
//
// Targets: `time :` adds a few microseconds (two getrusage calls, pinning
// the goroutine); a timed in-process pipeline pays tens of microseconds
// more, because a pinned goroutine that blocks hands its thread over.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

var (
	gshOnce sync.Once
	gshDir  string // holds gshPath; removed by TestMain
	gshPath string
	gshErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if gshDir != "" {
		os.RemoveAll(gshDir)
	}
	os.Exit(code)
}

func gshBinary(b *testing.B) string {
	gshOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gsh-bench-")
		if err != nil {
			gshErr = err
			return
		}
		gshDir = dir
		gshPath = filepath.Join(dir, "gsh")
		cmd := exec.Command("go", "build", "-o", gshPath, "gsh")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // static, as README builds it
		out, err := cmd.CombinedOutput()
		if err != nil {
			gshErr = &exec.Error{Name: "go build: " + string(out), Err: err}
		}
	})
	if gshErr != nil {
		b.Fatal(gshErr)
	}
	return gshPath
}

func runLoop(b *testing.B, prelude, body string) {
	bin := gshBinary(b)
	script := "TIMEFORMAT=; " + prelude + "; for ((i=0; i<" + strconv.Itoa(b.N) + "; i++)); do " + body + "; done"
	b.ResetTimer()
	if out, err := exec.Command(bin, "-c", script).CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
}

func BenchmarkTimeNothing(b *testing.B)      { runLoop(b, ":", ":") }
func BenchmarkTimeBuiltin(b *testing.B)      { runLoop(b, ":", "time :") }
func BenchmarkTimePipelineOff(b *testing.B)  { runLoop(b, ":", "echo x | read y") }
func BenchmarkTimePipelineOn(b *testing.B)   { runLoop(b, ":", "time { echo x | read y; }") }
func BenchmarkTimeProcessOff(b *testing.B)   { runLoop(b, ":", "/bin/true") }
func BenchmarkTimeProcessOn(b *testing.B)    { runLoop(b, ":", "time /bin/true") }
func BenchmarkTimeVerboseTable(b *testing.B) { runLoop(b, ":", "time -v /bin/true") }
