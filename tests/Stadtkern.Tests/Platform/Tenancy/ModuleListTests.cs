using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Tests.Platform.Tenancy;

public sealed class ModuleListTests
{
    [Fact]
    public void Every_module_has_a_distinct_lower_case_key()
    {
        var keys = ModuleList.All.Select(m => m.Key()).ToList();

        keys.Count.ShouldBe(Enum.GetValues<Module>().Length);
        keys.ShouldBeUnique();
        keys.ShouldAllBe(k => k.All(c => !char.IsUpper(c)) && !k.Contains(',', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("catalog", nameof(Module.Catalog))]
    [InlineData("Sensing", nameof(Module.Sensing))]
    [InlineData("PARTICIPATION", nameof(Module.Participation))]
    public void TryParse_reads_keys_case_insensitively(string key, string expected)
    {
        ModuleList.TryParse(key, out var module).ShouldBeTrue();
        module.ShouldBe(Enum.Parse<Module>(expected));
    }

    [Theory]
    [InlineData("")]
    [InlineData("teleport")]
    [InlineData("0")] // enum numbers are not keys
    [InlineData(" catalog")]
    public void TryParse_rejects_anything_else(string key)
    {
        ModuleList.TryParse(key, out _).ShouldBeFalse();
    }

    [Fact]
    public void Join_orders_and_deduplicates()
    {
        ModuleList.Join([Module.Trees, Module.Catalog, Module.Trees, Module.Alerts]).ShouldBe("catalog,alerts,trees");
    }

    [Fact]
    public void Join_of_nothing_is_empty()
    {
        ModuleList.Join([]).ShouldBe("");
    }

    [Fact]
    public void Split_reverses_Join_for_every_module()
    {
        ModuleList.Split(ModuleList.Join(ModuleList.All)).ShouldBe(ModuleList.All);
    }

    [Fact]
    public void Split_skips_blanks_whitespace_and_keys_it_no_longer_knows()
    {
        // A module removed from the code must not make stored tenants unreadable.
        ModuleList.Split(" catalog ,, retired-module,Trees,").ShouldBe([Module.Catalog, Module.Trees]);
        ModuleList.Split("").ShouldBeEmpty();
    }

    [Fact]
    public void The_value_comparer_sees_order_and_content()
    {
        var comparer = ModuleList.Comparer;
        List<Module> a = [Module.Catalog, Module.Trees];

        comparer.Equals(a, [Module.Catalog, Module.Trees]).ShouldBeTrue();
        comparer.Equals(a, [Module.Catalog]).ShouldBeFalse();
        var snapshot = (List<Module>)comparer.Snapshot(a);
        snapshot.ShouldNotBeSameAs(a);
        snapshot.ShouldBe(a);
    }
}
