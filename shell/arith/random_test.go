package arith

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestRandomAgainstBash evaluates random token soups with both bash and
// Eval and compares value, messages and side effects. It runs only with
// ARITH_BASH_RANDOM=<count> (and ARITH_SEED=<n> to vary the inputs).
func TestRandomAgainstBash(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ARITH_BASH_RANDOM"))
	if n == 0 {
		t.Skip("set ARITH_BASH_RANDOM=<count> to compare random expressions with bash")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	seed, _ := strconv.ParseInt(os.Getenv("ARITH_SEED"), 10, 64)
	r := rand.New(rand.NewSource(seed))
	setup := "x=3;y=-2;z=x+1;a[0]=5;a[1]=x;m{k}=4;w=1+;v=08;u=y=7;r=r;s=a[w];t=a[-9]"
	if os.Getenv("ARITH_NOUNSET") != "" {
		setup += ";-u"
	}
	const check = "x y a[0] a[1] a[2] m{k} m{x} u y"
	var exprs []string
	for i := range n {
		if i%2 == 0 {
			exprs = append(exprs, randomExpr(r))
		} else {
			exprs = append(exprs, wellFormed(r, 3))
		}
	}
	got := runBashBatch(t, bash, setup, check, exprs)
	fails, ok := 0, 0
	defer func() { t.Logf("%d of %d expressions evaluated without error in bash", ok, len(exprs)) }()
	for i, e := range exprs {
		if got[i].out != "" {
			ok++
		}
		c := tcase{setup: setup, expr: e, check: check}
		out, stderr, state, _ := evalCase(c)
		b := got[i]
		if out != b.out || stderr != b.err || (b.state != "" && state != b.state) {
			t.Errorf("%q\n  bash: out=%q err=%q state=%q\n  ours: out=%q err=%q state=%q", e, b.out, b.err, b.state, out, stderr, state)
			if fails++; fails > 20 {
				t.Fatal("too many differences")
			}
		}
	}
}

var randomTokens = []string{
	"0", "1", "2", "7", "08", "0x1f", "2#101", "64#z", "10#", "9223372036854775807", "00",
	"x", "y", "z", "w", "v", "u", "q", "a[0]", "a[1]", "a[x]", "a[2]", "a[w]", "a[]", "a[@]", "m[k]", "m[x]", "m[]",
	"r", "s", "t", "a[-1]", "a[y-9]", "a[ ]", "m[@]", "0x", "10#9", "a[(x)]",
	"+", "-", "*", "/", "%", "**", "<<", ">>", "<", ">", "<=", ">=", "==", "!=",
	"&", "|", "^", "&&", "||", "!", "~", "++", "--", "=", "+=", "-=", "*=", "/=", "%=",
	"<<=", ">>=", "&=", "|=", "^=", "?", ":", ",", "(", ")", "(", ")", "$", "@", "]",
}

// randomExpr mostly alternates operands and operators, so that many inputs
// get deep into the parser before going wrong (or not going wrong at all).
func randomExpr(r *rand.Rand) string {
	var b strings.Builder
	operands := randomTokens[:38]
	operators := randomTokens[38:]
	n := 1 + r.Intn(9)
	for i := range n {
		var tok string
		switch {
		case r.Intn(8) == 0:
			tok = randomTokens[r.Intn(len(randomTokens))]
		case i%2 == 0:
			if r.Intn(4) == 0 {
				tok = []string{"-", "!", "~", "++", "--", "("}[r.Intn(6)]
				b.WriteString(tok)
				tok = operands[r.Intn(len(operands))]
			} else {
				tok = operands[r.Intn(len(operands))]
			}
		default:
			tok = operators[r.Intn(len(operators))]
		}
		b.WriteString(tok)
		if r.Intn(3) == 0 {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// runBashBatch evaluates each expression in its own subshell of one bash.
func runBashBatch(t *testing.T, bash, setup, check string, exprs []string) []tcase {
	base := bashSetup(setup) + bashDump(check)
	var sb strings.Builder
	for _, e := range exprs {
		fmt.Fprintf(&sb, "( %s\ne=%s\necho \"=$(($e))\" ) 2>&1\necho __end\n", base, shq(e))
	}
	// On stdin: the script is too long for one argument.
	cmd := exec.Command(bash, "-s")
	cmd.Args[0] = "bash"
	cmd.Stdin = strings.NewReader(sb.String())
	out, _ := cmd.Output()
	var res []tcase
	cur := tcase{}
	var errs []string
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case l == "__end":
			cur.err = strings.Join(errs, "\n")
			res = append(res, cur)
			cur, errs = tcase{}, nil
		case strings.HasPrefix(l, "="):
			cur.out = l[1:]
		case strings.HasPrefix(l, "__state:"):
			cur.state = l[8:]
		default:
			errs = append(errs, bashPrefix.ReplaceAllString(l, ""))
		}
	}
	if len(res) != len(exprs) {
		t.Fatalf("bash gave %d results for %d expressions", len(res), len(exprs))
	}
	return res
}

var (
	wfOperands = []string{"0", "1", "2", "7", "-3", "0x1f", "2#101", "64#z", "x", "y", "z", "q", "a[0]", "a[1]", "a[x]", "a[2]", "m[k]", "m[x]", "u", "a[-1]", "a[y-9]", "a[x++]"}
	wfLvalues  = []string{"x", "y", "q", "a[0]", "a[2]", "a[x]", "a[y+3]", "m[k]", "m[x]", "a[-1]", "a[y-9]", "a[--x]"}
	wfBinary   = []string{"+", "-", "*", "/", "%", "**", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "|", "^", "&&", "||", ","}
	wfAssign   = []string{"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="}
)

// wellFormed builds a syntactically valid expression (runtime errors such as
// division by 0 remain possible).
func wellFormed(r *rand.Rand, depth int) string {
	pick := func(s []string) string { return s[r.Intn(len(s))] }
	if depth == 0 {
		return pick(wfOperands)
	}
	sub := func() string { return wellFormed(r, depth-1) }
	switch r.Intn(9) {
	case 0:
		return pick([]string{"-", "+", "!", "~"}) + sub()
	case 1:
		return "(" + sub() + ")"
	case 2:
		return sub() + " ? " + sub() + " : " + sub()
	case 3:
		return pick(wfLvalues) + " " + pick(wfAssign) + " " + sub()
	case 4:
		return pick([]string{"++", "--"}) + pick(wfLvalues)
	case 5:
		return pick(wfLvalues) + pick([]string{"++", "--"})
	case 6:
		return pick(wfOperands)
	}
	return sub() + " " + pick(wfBinary) + " " + sub()
}
