using System.Diagnostics;
using Stadtkern.Features.Sensing.Scripting;

namespace Stadtkern.Tests.Features.Sensing.Scripting;

public sealed class JsInterpreterTests
{
    private static string Run(string source, CodecLimits? limits = null)
    {
        var interpreter = new JsInterpreter(limits ?? new CodecLimits(), CancellationToken.None);
        interpreter.RunProgram(JsParser.ParseProgram("var result;\n" + source));
        return JsConvert.ToString(interpreter.GetGlobal("result"));
    }

    // Expected values come from running the same program in Node.js (V8), pinned here.
    [Theory]
    [InlineData("let_per_iteration_closures", "var fs = []; for (let i = 0; i < 3; i++) { fs.push(() => i); } result = fs.map(f => f()).join();", "0,1,2")]
    [InlineData("var_shared_closures", "var gs = []; for (var j = 0; j < 3; j++) { gs.push(function () { return j; }); } result = gs.map(function (g) { return g(); }).join();", "3,3,3")]
    [InlineData("counter_closure", "function counter() { var n = 0; return { inc: function () { return ++n; }, get: () => n }; } var c = counter(); c.inc(); c.inc(); result = c.get() + ':' + c.inc();", "2:3")]
    [InlineData("switch_fallthrough", "function f(x) { var out = ''; switch (x) { case 1: out += 'a'; case 2: out += 'b'; break; default: out += 'd'; case 3: out += 'c'; } return out; } result = [f(1), f(2), f(3), f(9)].join();", "ab,b,c,dc")]
    [InlineData("switch_strict", "function f(x) { switch (x) { case '1': return 'string'; case 1: return 'number'; } return 'none'; } result = f(1) + f('1') + f(true);", "numberstringnone")]
    [InlineData("labeled_loops", "var out = []; outer: for (var i = 0; i < 3; i++) { for (var j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; out.push(i + '' + j); } } result = out.join();", "00,10")]
    [InlineData("try_catch_finally_order", "var log = []; function f() { try { log.push('t'); throw new Error('x'); } catch (e) { log.push('c:' + e.message); return 'r'; } finally { log.push('f'); } } log.push(f()); result = log.join();", "t,c:x,f,r")]
    [InlineData("finally_overrides_return", "function f() { try { return 1; } finally { return 2; } } result = f();", "2")]
    [InlineData("catch_type_error", "try { var o; o.x; } catch (e) { result = (e instanceof TypeError) + ' ' + e.name; }", "true TypeError")]
    [InlineData("throw_value", "try { throw { code: 7 }; } catch (e) { result = e.code; }", "7")]
    [InlineData("nested_rethrow", "try { try { throw new RangeError('inner'); } catch (e) { throw new Error('outer:' + e.message); } } catch (e) { result = String(e); }", "Error: outer:inner")]
    [InlineData("do_while", "var i = 0, s = 0; do { s += i; i++; } while (i < 5); result = s;", "10")]
    [InlineData("while_break", "var i = 0; while (true) { if (++i > 7) break; } result = i;", "8")]
    [InlineData("for_in_object", "var o = { a: 1, b: 2 }; var ks = []; for (var k in o) ks.push(k + o[k]); result = ks.join();", "a1,b2")]
    [InlineData("for_in_array", "var ks = []; for (var k in ['x', 'y']) ks.push(typeof k + k); result = ks.join();", "string0,string1")]
    [InlineData("for_of", "var s = 0; for (const v of [1, 2, 3]) s += v; var t = ''; for (let ch of 'ab') t += ch + '.'; result = s + t;", "6a.b.")]
    [InlineData("recursion", "function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); } result = fact(10);", "3628800")]
    [InlineData("hoisting", "result = f() + typeof v; var v = 1; function f() { return 'ok'; }", "okundefined")]
    [InlineData("destructuring", "const { a, b: { c = 5 } = {}, ...rest } = { a: 1, d: 4, e: 5 }; const [x, , y = 9, ...zs] = [1, 2, undefined, 4, 5]; result = [a, c, JSON.stringify(rest), x, y, zs.join('+')].join();", "1,5,{\"d\":4,\"e\":5},1,9,4+5")]
    [InlineData("defaults_rest_spread", "function f(a, b = a * 2, ...more) { return a + b + more.length; } result = [f(1), f(1, 1), f(1, 1, 1, 1), Math.max(...[1, 9, 3]), [...'ab', ...[1]].join('')].join();", "3,2,4,9,ab1")]
    [InlineData("sloppy_globals", "function f() { for (i = 0; i < 3; i++) {} return i; } result = f() + i;", "6")]
    [InlineData("const_assignment", "const k = 1; try { k = 2; } catch (e) { result = e.name; }", "TypeError")]
    [InlineData("arguments_object", "function f() { return arguments.length + ':' + arguments[1]; } result = f(1, 'b', 3);", "3:b")]
    [InlineData("constructor_prototype", "function P(x) { this.x = x; } P.prototype.double = function () { return this.x * 2; }; var p = new P(4); result = p.double() + ' ' + (p instanceof P) + ' ' + (p.constructor === P);", "8 true true")]
    [InlineData("asi", "var a = 1\nvar b = 2\nresult = a + b\n", "3")]
    [InlineData("asi_return", "function f() {\n return\n 5\n}\nresult = typeof f()", "undefined")]
    [InlineData("comments", "/* block\n comment */ var a = 1 // line\n// another\nresult = a /* inline */ + 1;", "2")]
    [InlineData("object_literal_forms", "var k = 'dyn'; var v = 3; var o = { v, [k + 1]: 2, 'q-s': 1, 42: 'n', m(x) { return x + this.v; } }; result = [o.v, o.dyn1, o['q-s'], o[42], o.m(1)].join();", "3,2,1,n,4")]
    [InlineData("compound_assignment", "var x = 5; x += 2; x -= 1; x *= 3; x /= 2; x %= 5; var y = 1; y <<= 4; y |= 3; y >>>= 1; y ^= 1; y &= 6; var z = null; z ??= 7; var w = 0; w ||= 8; var q = 1; q &&= 9; result = [x, y, z, w, q].join();", "4,0,7,8,9")]
    [InlineData("update_expressions", "var a = [1, 2]; var i = 0; a[i++] += 10; var o = { n: 1 }; o.n++; ++o.n; result = a.join() + ' ' + i + ' ' + o.n + ' ' + (i--) + ' ' + i;", "11,2 1 3 1 0")]
    [InlineData("optional_chaining", "var o = { a: { b: 1 } }; result = [o?.a?.b, o.x?.y, o.f?.(), typeof o?.a].join();", "1,,,object")]
    [InlineData("array_length_assignment", "var a = [1, 2, 3]; a.length = 1; a[3] = 4; result = a.length + ':' + a.join();", "4:1,,,4")]
    [InlineData("delete_and_in", "var o = { a: 1, b: 2 }; delete o.a; result = ('a' in o) + ',' + ('b' in o) + ',' + Object.keys(o).length;", "false,true,1")]
    [InlineData("string_building_hex", "var bytes = [0x01, 0xAB, 0x0F]; var h = ''; for (var i = 0; i < bytes.length; i++) { h += ('0' + bytes[i].toString(16)).slice(-2); } result = h.toUpperCase();", "01AB0F")]
    [InlineData("sign_extension", "function s16(hi, lo) { var v = (hi << 8) | lo; return v & 0x8000 ? v - 0x10000 : v; } result = [s16(0xFF, 0x38), s16(0x00, 0xC8), ((0xFF38 << 16) >> 16)].join();", "-200,200,-200")]
    [InlineData("uint32_assembly", "var b = [0xFE, 0xDC, 0xBA, 0x98]; result = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;", "4275878552")]
    [InlineData("named_function_expression_recursion", "var f = function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }; result = f(15);", "610")]
    [InlineData("forEach_this_and_index", "var out = []; ['a', 'b'].forEach(function (v, i) { out.push(i + v + this.s); }, { s: '!' }); result = out.join();", "0a!,1b!")]
    [InlineData("call_apply_bind", "function f(a, b) { return this.x + a + b; } var o = { x: 1 }; result = [f.call(o, 2, 3), f.apply(o, [2, 3]), f.bind(o, 2)(3)].join();", "6,6,6")]
    [InlineData("nested_functions_and_shadowing", "var x = 'g'; function f() { var x = 'f'; function g() { return x; } { let x = 'b'; } return g(); } result = f() + x;", "fg")]
    [InlineData("comma_and_sequence", "var a = (1, 2, 3); for (var i = 0, j = 10; i < j; i += 3, j -= 3) {} result = a + ':' + i + ':' + j;", "3:6:4")]
    [InlineData("json_roundtrip", "var o = JSON.parse(JSON.stringify({ t: 21.5, list: [1, 'a', true, null] })); result = o.t + o.list.length + typeof o.list[2];", "25.5boolean")]
    [InlineData("string_compare_and_sort_objects", "var arr = [{ n: 'b', v: 2 }, { n: 'a', v: 2 }, { n: 'c', v: 1 }]; arr.sort(function (p, q) { return p.v - q.v; }); result = arr.map(o => o.n).join('');", "cba")]
    [InlineData("splice", "var a = [1, 2, 3, 4, 5]; var r = a.splice(1, 2, 'x', 'y', 'z'); result = a.join() + '|' + r.join();", "1,x,y,z,4,5|2,3")]
    [InlineData("shift_unshift_pop", "var a = [1, 2, 3]; a.unshift(0); a.shift(); a.pop(); result = a.join() + ':' + a.push(9, 8);", "1,2:4")]
    [InlineData("number_formatting_in_strings", "result = [0.1 * 3, 1 / 3, 1e21, 1e-7, -0, 100, 2 ** 60].join(' ');", "0.30000000000000004 0.3333333333333333 1e+21 1e-7 0 100 1152921504606847000")]
    [InlineData("ternary_chain", "function lvl(v) { return v < 10 ? 'low' : v < 20 ? 'mid' : 'high'; } result = [lvl(5), lvl(15), lvl(25)].join();", "low,mid,high")]
    [InlineData("getter_free_error_properties", "var e = new Error('m'); e.code = 5; result = e.name + e.message + e.code + (e instanceof Error);", "Errorm5true")]
    [InlineData("object_assign_and_entries", "var o = Object.assign({}, { a: 1 }, { b: 2 }); result = Object.entries(o).map(function (kv) { return kv[0] + '=' + kv[1]; }).join('&');", "a=1&b=2")]
    public void Program_behaves_as_in_a_javascript_engine(string name, string source, string expected)
    {
        Run(source).ShouldBe(expected, name);
    }

    private static CodecException Fails(string source, CodecLimits? limits = null)
    {
        var watch = Stopwatch.StartNew();
        var e = Should.Throw<CodecException>(() => Run(source, limits));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        return e;
    }

    [Fact]
    public void An_infinite_loop_ends_at_the_step_budget()
    {
        Fails("while (true) {}", new CodecLimits { MaxSteps = 100_000 }).Kind.ShouldBe(CodecFailure.StepLimit);
        Fails("for (;;) { var x = 1; }", new CodecLimits { TimeLimitMilliseconds = 60_000 }).Kind.ShouldBe(CodecFailure.StepLimit);
    }

    [Fact]
    public void An_infinite_loop_ends_at_the_time_limit_when_the_step_budget_is_huge()
    {
        var e = Fails("var i = 0; while (true) { i++; }", new CodecLimits { MaxSteps = long.MaxValue, TimeLimitMilliseconds = 50 });
        e.Kind.ShouldBe(CodecFailure.TimeLimit);
    }

    [Fact]
    public void A_limit_cannot_be_caught_by_the_codec()
    {
        Fails("while (true) { try { while (true) {} } catch (e) {} finally {} }", new CodecLimits { TimeLimitMilliseconds = 60_000 })
            .Kind.ShouldBe(CodecFailure.StepLimit);
        Fails("function f() { try { return f(); } catch (e) { return 0; } } f();").Kind.ShouldBe(CodecFailure.CallDepth);
    }

    [Fact]
    public void Deep_recursion_ends_at_the_call_depth()
    {
        var e = Fails("function f(n) { return f(n + 1) + 1; } result = f(0);");
        e.Kind.ShouldBe(CodecFailure.CallDepth);
        e.Message.ShouldContain("200");
        Run("function f(n) { return n === 0 ? 0 : 1 + f(n - 1); } result = f(150);").ShouldBe("150");
    }

    [Fact]
    public void Deep_recursion_never_overflows_the_stack_even_with_a_huge_depth_limit()
    {
        var e = Fails(
            "function f(n) { var a = [n, n + 1]; return a.map(function (x) { return f(x) + 1; })[0]; } f(0);",
            new CodecLimits { MaxCallDepth = 10_000_000, MaxSteps = long.MaxValue, TimeLimitMilliseconds = 4000 });
        e.Kind.ShouldBeOneOf(CodecFailure.CallDepth, CodecFailure.TimeLimit, CodecFailure.Memory);
    }

    [Theory]
    [InlineData("var s = 'x'; while (true) s += s;")]
    [InlineData("var s = 'x'.repeat(1e9);")]
    [InlineData("var s = ''.padStart(1e9, 'ab');")]
    [InlineData("var a = new Array(1e8);")]
    [InlineData("var a = []; a[1e8] = 1;")]
    [InlineData("var a = []; a.length = 1e8;")]
    [InlineData("var a = []; while (true) a.push([1, 2, 3]);")]
    [InlineData("var o = {}; var i = 0; while (true) o['k' + i++] = i;")]
    public void Huge_allocations_end_at_the_memory_budget(string source)
    {
        Fails(source, new CodecLimits { MaxSteps = long.MaxValue, TimeLimitMilliseconds = 30_000, MaxAllocationBytes = 4 * 1024 * 1024 })
            .Kind.ShouldBe(CodecFailure.Memory);
    }

    [Fact]
    public void Too_long_source_is_refused_before_parsing()
    {
        var runner = new CodecRunner(Microsoft.Extensions.Options.Options.Create(new CodecLimits { MaxSourceLength = 100 }));
        Should.Throw<CodecException>(() => runner.Parse(new string(' ', 101))).Kind.ShouldBe(CodecFailure.SourceTooLong);
    }

    [Theory]
    [InlineData("var a = ;", 1, 9)]
    [InlineData("function f() {\n  return 1 +;\n}", 2, 13)]
    [InlineData("var s = 'abc", 1, 9)]
    [InlineData("var x = 1;\n\n  x.replace(/a/g, 'b');", 3, 13)]
    [InlineData("if (x) {\n  y = 1;\n", 3, 1)]
    [InlineData("var 1a = 2;", 1, 5)]
    [InlineData("const c;", 1, 8)]
    public void Parse_errors_report_line_and_column(string source, int line, int column)
    {
        var e = Should.Throw<CodecException>(() => JsParser.ParseProgram(source));
        e.Kind.ShouldBe(CodecFailure.Syntax);
        (e.Line, e.Column).ShouldBe((line, column), e.Message);
        e.Message.ShouldContain($"line {line}, column {column}");
    }

    [Fact]
    public void Absurdly_nested_source_is_a_syntax_error_not_a_crash()
    {
        var source = "var x = " + new string('(', 100_000) + "1" + new string(')', 100_000) + ";";
        Should.Throw<CodecException>(() => JsParser.ParseProgram(source)).Kind.ShouldBe(CodecFailure.Syntax);
        var arrays = "var x = " + new string('[', 100_000) + new string(']', 100_000) + ";";
        Should.Throw<CodecException>(() => JsParser.ParseProgram(arrays)).Kind.ShouldBe(CodecFailure.Syntax);
    }

    [Fact]
    public void An_uncaught_exception_names_the_error_and_where_it_was_thrown()
    {
        var e = Fails("var a = 1;\nthrow new RangeError('bad battery');");
        e.Kind.ShouldBe(CodecFailure.Runtime);
        e.Message.ShouldContain("RangeError: bad battery");
        e.Line.ShouldBe(3);
        var missing = Fails("var o = {};\nresult = o.missing.value;");
        missing.Message.ShouldContain("Cannot read properties of undefined (reading 'value')");
        missing.Line.ShouldBe(3);
        Fails("result = notDefined + 1;").Message.ShouldContain("notDefined is not defined");
        Fails("var f = 1; f();").Message.ShouldContain("f is not a function");
    }

    [Fact]
    public void The_sandbox_has_no_host_access()
    {
        foreach (var name in new[] { "require", "process", "globalThis", "window", "fetch", "setTimeout", "eval", "Function", "XMLHttpRequest", "import" })
        {
            Run($"result = typeof {name};").ShouldBe("undefined", name);
        }
    }

    [Fact]
    public void Each_run_starts_with_fresh_globals()
    {
        var program = JsParser.ParseProgram("var result; if (typeof counter === 'undefined') { counter = 0; } counter++; Math.PI = 3; result = counter + ':' + Math.PI;");
        for (var i = 0; i < 2; i++)
        {
            var interpreter = new JsInterpreter(new CodecLimits(), CancellationToken.None);
            interpreter.RunProgram(program);
            JsConvert.ToString(interpreter.GetGlobal("result")).ShouldBe("1:3");
        }
    }
}
