// Command compare runs gsh beside bash and dash (when they are installed)
// on the workloads of the language-core issue and prints median times and
// ratios against the targets. Run it from the module root:
//
//	go run ./bench/compare            # 7 runs per workload
//	go run ./bench/compare -runs 15   # more runs, steadier medians
//
// The machine should be otherwise idle: figures taken while tests run are
// noise.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/creack/pty"
)

type workload struct {
	name   string
	script string
	// target describes the goal; check returns whether gsh met it, given
	// the medians by shell name. Every target compares with bash: without
	// it, check is not called.
	target string
	check  func(m map[string]time.Duration) bool
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

var workloads = []workload{
	{
		name:   "while loop, 100000 x $((i+1))",
		script: `i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done`,
		target: "gsh <= bash (aim: dash)",
		check:  func(m map[string]time.Duration) bool { return m["gsh"] <= m["bash"] },
	},
	{
		name:   "function called 30000 times",
		script: `f() { :; }; i=0; while [ $i -lt 30000 ]; do f; i=$((i+1)); done`,
		target: "gsh <= bash",
		check:  func(m map[string]time.Duration) bool { return m["gsh"] <= m["bash"] },
	},
	{
		name:   "1000 x=$(echo hi)",
		script: `i=0; while [ $i -lt 1000 ]; do x=$(echo hi); i=$((i+1)); done`,
		target: "bash/gsh >= 50",
		check:  func(m map[string]time.Duration) bool { return ratio(m["bash"], m["gsh"]) >= 50 },
	},
	{
		name:   "300 /bin/true launches",
		script: `i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done`,
		target: "gsh/bash <= 0.7",
		check:  func(m map[string]time.Duration) bool { return ratio(m["gsh"], m["bash"]) <= 0.7 },
	},
}

func main() {
	runs := flag.Int("runs", 7, "runs per workload and shell")
	gshPath := flag.String("gsh", "", "gsh binary to measure (default: build it)")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "gsh-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	gsh := *gshPath
	if gsh == "" {
		gsh = filepath.Join(tmp, "gsh")
		build(gsh, ".")
	}
	hello := buildHello(tmp)
	shells := []struct{ name, path string }{{"gsh", gsh}}
	for _, n := range []string{"bash", "dash"} {
		if p, err := exec.LookPath(n); err == nil {
			shells = append(shells, struct{ name, path string }{n, p})
		}
	}
	fmt.Printf("%d runs each, medians; %s\n\n", *runs, time.Now().Format(time.RFC3339))
	fmt.Printf("%-32s", "workload")
	for _, s := range shells {
		fmt.Printf("%10s", s.name)
	}
	fmt.Printf("  %-10s %-10s %s\n", "gsh/bash", "gsh/dash", "target")
	for _, w := range workloads {
		m := map[string]time.Duration{}
		for _, s := range shells {
			m[s.name] = median(*runs, func() { run(s.path, "-c", w.script) })
		}
		verdict := "[not measured]"
		if m["bash"] > 0 {
			verdict = mark(w.check(m))
		}
		printRow(w.name, shells, m, w.target, verdict)
	}
	// Start-up: gsh -c true against a hello-world Go binary.
	m := map[string]time.Duration{}
	for _, s := range shells {
		m[s.name] = median(*runs*5, func() { run(s.path, "-c", "true") })
	}
	h := median(*runs*5, func() { run(hello) })
	printRow("gsh -c true", shells, m, fmt.Sprintf("gsh/hello-go <= 1.3 (hello-go %s, ratio %.2f)", ms(h), ratio(m["gsh"], h)),
		mark(ratio(m["gsh"], h) <= 1.3))
	rss := idleRSS(gsh)
	fmt.Printf("\nidle RSS of an interactive gsh at its prompt: %d KB (target < 12288 KB) %s\n", rss, mark(rss > 0 && rss < 12288))
}

func printRow(name string, shells []struct{ name, path string }, m map[string]time.Duration, target, verdict string) {
	fmt.Printf("%-32s", name)
	for _, s := range shells {
		fmt.Printf("%10s", ms(m[s.name]))
	}
	r := func(o string) string {
		if m[o] == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", ratio(m["gsh"], m[o]))
	}
	fmt.Printf("  %-10s %-10s %s %s\n", r("bash"), r("dash"), target, verdict)
}

func mark(ok bool) string {
	if ok {
		return "[met]"
	}
	return "[NOT MET]"
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + "ms" }

func median(n int, f func()) time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		f()
		ds[i] = time.Since(start)
	}
	sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
	return ds[n/2]
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "HOME=" + os.TempDir()}
	if out, err := cmd.CombinedOutput(); err != nil {
		fail(fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out))
	}
}

func build(out, pkg string) {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as README builds it
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("go build %s: %v", pkg, err))
	}
}

// buildHello builds the floor for start-up time: a Go program that prints
// nothing, built by the same toolchain.
func buildHello(dir string) string {
	src := filepath.Join(dir, "hello")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module hello\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Print(\"\") }\n"), 0o644)
	out := filepath.Join(dir, "hello-go")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Dir = src
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("building hello-world: %v", err))
	}
	return out
}

// idleRSS starts an interactive gsh on a pty, waits for its prompt and
// reads VmRSS from /proc.
func idleRSS(gsh string) int {
	cmd := exec.Command(gsh, "--norc", "-i")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "TERM=dumb", "PS1=$ ", "HOME=" + os.TempDir()}
	f, err := pty.Start(cmd)
	if err != nil {
		return 0
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	}()
	buf := make([]byte, 4096)
	var seen strings.Builder
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(seen.String(), "$ ") && time.Now().Before(deadline) {
		f.SetReadDeadline(time.Now().Add(time.Second))
		n, _ := f.Read(buf)
		seen.Write(buf[:n])
	}
	time.Sleep(500 * time.Millisecond) // let start-up garbage be collected
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(1)
}
