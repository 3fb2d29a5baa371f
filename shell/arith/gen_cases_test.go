package arith

import (
	"fmt"
	"strings"
)

// chain returns a setup where v1's value names v2, and so on up to vn,
// whose value is last: each step nests one more expression evaluation.
func chain(n int, last string) string {
	var b strings.Builder
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "v%d=v%d;", i, i+1)
	}
	fmt.Fprintf(&b, "v%d=%s", n, last)
	return b.String()
}

func init() {
	deep := strings.Repeat("(", 3000) + "1" + strings.Repeat(")", 3000)
	long := "1" + strings.Repeat("+1", 5000)
	cases = append(cases,
		// bash allows 1024 nested evaluations: the expression itself plus
		// 1023 variable values (or subscripts).
		tcase{setup: chain(1023, "7"), expr: "v1", out: "7"},
		tcase{setup: chain(1024, "7"), expr: "v1", err: "v1024: expression recursion level exceeded (error token is \"v1024\")"},
		tcase{setup: chain(1024, "1+2"), expr: "v1", err: "v1024: expression recursion level exceeded (error token is \"v1024\")"},
		tcase{setup: chain(1024, " "), expr: "v1", out: "0"},
		tcase{setup: chain(1024, ""), expr: "v1", out: "0"},
		tcase{setup: chain(1022, "a[1]") + ";a[1]=3", expr: "v1", out: "3"},
		tcase{setup: chain(1023, "a[1]") + ";a[1]=3", expr: "v1", err: "a[1]: expression recursion level exceeded (error token is \"a[1]\")", fatal: true},
		// A blank subscript is not evaluated, but the element's value is.
		tcase{setup: chain(1022, "a[ ]") + ";a[0]=4", expr: "v1", out: "4"},
		tcase{setup: chain(1023, "a[ ]") + ";a[0]=4", expr: "v1", err: "a[ ]: expression recursion level exceeded (error token is \"a[ ]\")"},
		tcase{setup: chain(1023, "a[ ]"), expr: "v1", out: "0"},
		tcase{expr: deep, out: "1"},
		tcase{expr: long, out: "5001"},
	)
}
