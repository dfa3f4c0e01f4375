using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Ckan.CkanTestData;

namespace Stadtkern.Tests.Features.Catalog.Ckan;

public sealed class CkanApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Status_show_answers_in_CKANs_envelope_on_both_paths_and_methods(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var viaGet = await client.GetActionAsync("/api/3/action/status_show");
        var unversioned = await client.CallAsync("status_show");
        var other = await client.GetActionAsync("/api/action/status_show");

        viaGet.Status.ShouldBe(HttpStatusCode.OK, viaGet.ToString());
        viaGet.Body!["success"]!.GetValue<bool>().ShouldBeTrue();
        viaGet.Body["help"]!.GetValue<string>().ShouldEndWith("/api/3/action/help_show?name=status_show");
        viaGet.Result["ckan_version"]!.GetValue<string>().ShouldStartWith("2.10.");
        viaGet.Result["site_title"]!.GetValue<string>().ShouldContain("Musterstadt");
        unversioned.Status.ShouldBe(HttpStatusCode.OK);
        other.Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetActionAsync("/api/3/action/help_show?name=package_search")).Result.GetValue<string>().ShouldContain("package_search");
    }

    [Theory, DatabaseData]
    public async Task Requests_CKAN_refuses_get_its_bare_bad_request_strings(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var unknown = await client.CallAsync("package_explode");
        var badJson = await client.CallAsync("package_search", "{\"q\": ");
        var notObject = await client.CallAsync("package_search", "[1, 2]");
        var writeByGet = await client.GetActionAsync("/api/3/action/package_create?name=x");

        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Body!.GetValue<string>().ShouldBe("Bad request - Action name not known: package_explode");
        badJson.Status.ShouldBe(HttpStatusCode.BadRequest);
        badJson.Body!.GetValue<string>().ShouldStartWith("Bad request - JSON Error: ");
        notObject.Status.ShouldBe(HttpStatusCode.BadRequest);
        notObject.Body!.GetValue<string>().ShouldContain("needs to be a dictionary");
        writeByGet.Status.ShouldBe(HttpStatusCode.BadRequest);
        writeByGet.Body!.GetValue<string>().ShouldContain("Please use POST");
    }

    [Theory, DatabaseData]
    public async Task Package_search_filters_sorts_pages_and_counts_facets(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var client = app.AnonymousClient();

        var all = await client.CallAsync("package_search", new JsonObject
        {
            ["fq"] = $"organization:{Org}",
            ["sort"] = "title_string asc",
            ["facet.field"] = new JsonArray("tags", "res_format", "organization", "groups", "license_id"),
        });
        var byTag = await client.GetActionAsync($"/api/3/action/package_search?fq=%2Borganization:{Org}%20tags:%22Radverkehr%22&facet.field=[%22tags%22]&facet.limit=1");
        var text = await client.CallAsync("package_search", new { q = "Parkhausbelegung", fq = $"organization:{Org}" });
        var negated = await client.CallAsync("package_search", new { fq = $"organization:{Org} -tags:Parken", rows = "5" });
        var paged = await client.CallAsync("package_search", new { fq = $"organization:{Org}", sort = "name asc", rows = 1, start = 1 });

        all.Status.ShouldBe(HttpStatusCode.OK, all.ToString());
        all.Result["count"]!.GetValue<int>().ShouldBe(2); // the internal one is not there for anonymous callers
        Names(all.Result["results"]!).ShouldBe(["ckan-marktplatz", "ckan-radzaehlung"]);
        all.Result["facets"]!["tags"]!["Mobilität"]!.GetValue<int>().ShouldBe(2);
        all.Result["facets"]!["tags"]!["Geheimplanung"].ShouldBeNull();
        all.Result["facets"]!["res_format"]!["CSV"]!.GetValue<int>().ShouldBe(2);
        all.Result["search_facets"]!["organization"]!["items"]![0]!["display_name"]!.GetValue<string>().ShouldBe("Tiefbauamt (CKAN-Test)");
        all.Result["search_facets"]!["license_id"]!["items"]![0]!["display_name"]!.GetValue<string>().ShouldBe("Datenlizenz Deutschland Namensnennung 2.0");
        byTag.Result["count"]!.GetValue<int>().ShouldBe(1, byTag.ToString());
        ((JsonObject)byTag.Result["facets"]!["tags"]!).Count.ShouldBe(1);
        Names(text.Result["results"]!).ShouldBe(["ckan-marktplatz"]);
        Names(negated.Result["results"]!).ShouldBe(["ckan-radzaehlung"]);
        paged.Result["count"]!.GetValue<int>().ShouldBe(2);
        Names(paged.Result["results"]!).ShouldBe(["ckan-radzaehlung"]);
    }

    [Theory, DatabaseData]
    public async Task Package_search_rejects_bad_input_with_CKAN_errors_and_caps_huge_rows(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var client = app.AnonymousClient();

        var malformed = await client.CallAsync("package_search", new { fq = "tags:\"offen" });
        var unknownField = await client.GetActionAsync("/api/3/action/package_search?fq=foo:bar");
        var badSort = await client.CallAsync("package_search", new { sort = "views_recent desc" });
        var rowsText = await client.CallAsync("package_search", new { rows = "viele" });
        var rowsNegative = await client.CallAsync("package_search", new { rows = -1 });
        var rowsObject = await client.CallAsync("package_search", "{\"rows\": {\"a\": 1}}");
        var facetNotList = await client.CallAsync("package_search", "{\"facet.field\": \"[tags\"}");
        var badBbox = await client.CallAsync("package_search", new { ext_bbox = "1,2,3" });
        var huge = await client.CallAsync("package_search", new { rows = 1_000_000_000, fq = $"organization:{Org}" });
        var hugeStart = await client.CallAsync("package_search", new { start = "99999999999999999999" });

        malformed.Status.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Body!["success"]!.GetValue<bool>().ShouldBeFalse();
        malformed.Error["__type"]!.GetValue<string>().ShouldBe("Search Query Error");
        malformed.Error["message"]!.GetValue<string>().ShouldStartWith("Search Query is invalid");
        unknownField.Error["__type"]!.GetValue<string>().ShouldBe("Search Query Error");
        badSort.Error["__type"]!.GetValue<string>().ShouldBe("Search Query Error");
        foreach (var (reply, field) in new[] { (rowsText, "rows"), (rowsNegative, "rows"), (rowsObject, "rows"), (facetNotList, "facet.field"), (badBbox, "ext_bbox"), (hugeStart, "start") })
        {
            reply.Status.ShouldBe(HttpStatusCode.Conflict, reply.ToString());
            reply.Error["__type"]!.GetValue<string>().ShouldBe("Validation Error");
            reply.Error[field].ShouldBeOfType<JsonArray>();
        }

        huge.Status.ShouldBe(HttpStatusCode.OK, huge.ToString());
        huge.Result["count"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Internal_datasets_do_not_exist_for_outsiders_in_any_action(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var intern = (await (await ClientAsync(app, "staff")).CallAsync("package_show", new { id = "ckan-intern" })).Result;
        var resourceId = intern["resources"]![0]!["id"]!.GetValue<string>();

        foreach (var client in new[] { app.AnonymousClient(), await ClientAsync(app, "citizen"), WithBareToken(app, await app.CreateTokenAsync("demo", "staff") + "falsch") })
        {
            (await client.CallAsync("package_show", new { id = "ckan-intern" })).Status.ShouldBe(HttpStatusCode.NotFound);
            var byId = await client.CallAsync("package_show", new { id = intern["id"]!.GetValue<string>() });
            byId.Status.ShouldBe(HttpStatusCode.NotFound);
            byId.Error["__type"]!.GetValue<string>().ShouldBe("Not Found Error");
            (await client.CallAsync("resource_show", new { id = resourceId })).Status.ShouldBe(HttpStatusCode.NotFound);
            (await client.CallAsync("package_activity_list", new { id = "ckan-intern" })).Status.ShouldBe(HttpStatusCode.NotFound);

            var search = (await client.CallAsync("package_search", new { q = "Verkehrsplanung", include_private = true, facet_field = "x", fq = $"organization:{Org}" })).Result;
            search["count"]!.GetValue<int>().ShouldBe(0);
            var facets = (await client.CallAsync("package_search", new JsonObject { ["include_private"] = true, ["facet.field"] = new JsonArray("tags"), ["facet.limit"] = -1 })).Result;
            facets["facets"]!["tags"]!["Geheimplanung"].ShouldBeNull();
            (await client.CallAsync("package_list")).Result.AsArray().Select(n => n!.GetValue<string>()).ShouldNotContain("ckan-intern");
            (await client.CallAsync("tag_list")).Result.AsArray().Select(n => n!.GetValue<string>()).ShouldNotContain("Geheimplanung");
            var organization = (await client.CallAsync("organization_show", new { id = Org, include_datasets = true })).Result;
            organization["package_count"]!.GetValue<int>().ShouldBe(2);
            Names(organization["packages"]!).ShouldNotContain("ckan-intern");
            var listed = (await client.CallAsync("organization_list", new { all_fields = true })).Result.AsArray().Single(o => o!["name"]!.GetValue<string>() == Org);
            listed!["package_count"]!.GetValue<int>().ShouldBe(2);
            (await client.CallAsync("group_show", new { id = "ckan-mobilitaet", include_datasets = true })).Result["package_count"]!.GetValue<int>().ShouldBe(2);
        }

        var staff = await ClientAsync(app, "staff");
        (await staff.CallAsync("package_search", new { fq = $"organization:{Org}", include_private = true })).Result["count"]!.GetValue<int>().ShouldBe(3);
        (await staff.CallAsync("package_search", new { fq = $"organization:{Org}" })).Result["count"]!.GetValue<int>().ShouldBe(2); // CKAN's default: include_private=false
        (await staff.CallAsync("organization_show", new { id = Org })).Result["package_count"]!.GetValue<int>().ShouldBe(3);
        (await staff.CallAsync("tag_list")).Result.AsArray().Select(n => n!.GetValue<string>()).ShouldContain("Geheimplanung");
        intern["private"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task Restricted_datasets_show_metadata_but_hide_resource_links_from_outsiders(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var anonymous = app.AnonymousClient();
        var steward = await ClientAsync(app, "data-steward");

        var shown = (await anonymous.CallAsync("package_show", new { id = "ckan-marktplatz" })).Result;
        var searched = (await anonymous.CallAsync("package_search", new { q = "Parkhausbelegung" })).Result["results"]![0]!;
        var resource = (await anonymous.CallAsync("resource_show", new { id = shown["resources"]![0]!["id"]!.GetValue<string>() })).Result;
        var forSteward = (await steward.CallAsync("package_show", new { id = "ckan-marktplatz" })).Result;

        shown["title"]!.GetValue<string>().ShouldBe("Parkhausbelegung Rohdaten");
        shown["access_level"]!.GetValue<string>().ShouldBe("restricted");
        shown["private"]!.GetValue<bool>().ShouldBeFalse();
        foreach (var r in new[] { shown["resources"]![0]!, searched["resources"]![0]!, resource })
        {
            r["url"]!.GetValue<string>().ShouldBeEmpty();
            r["access_restricted"]!.GetValue<bool>().ShouldBeTrue();
            r["access_request_url"]!.GetValue<string>().ShouldEndWith("/daten/ckan-marktplatz/zugang");
        }

        forSteward["resources"]![0]!["url"]!.GetValue<string>().ShouldBe("https://daten.musterstadt.example/ckan-marktplatz.csv");
        forSteward["resources"]![0]!["access_restricted"].ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task Package_show_maps_the_dataset_with_its_DCAT_AP_de_extras(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);

        var package = (await app.AnonymousClient().GetActionAsync("/api/3/action/package_show?id=ckan-radzaehlung")).Result;

        package["name"]!.GetValue<string>().ShouldBe("ckan-radzaehlung");
        package["organization"]!["name"]!.GetValue<string>().ShouldBe(Org);
        package["owner_org"]!.GetValue<string>().ShouldBe(package["organization"]!["id"]!.GetValue<string>());
        package["license_id"]!.GetValue<string>().ShouldBe("dl-by-de/2.0");
        package["license_title"]!.GetValue<string>().ShouldBe("Datenlizenz Deutschland Namensnennung 2.0");
        package["maintainer_email"]!.GetValue<string>().ShouldBe("tiefbau@musterstadt.example");
        package["num_resources"]!.GetValue<int>().ShouldBe(1);
        package["num_tags"]!.GetValue<int>().ShouldBe(2);
        package["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["Radverkehr", "Mobilität"], ignoreOrder: true);
        package["groups"]![0]!["name"]!.GetValue<string>().ShouldBe("ckan-mobilitaet");
        package["metadata_modified"]!.GetValue<string>().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$");
        var extras = package["extras"]!.AsArray().ToDictionary(e => e!["key"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        JsonNode.Parse(extras["theme"])!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["http://publications.europa.eu/resource/authority/data-theme/TRAN"]);
        JsonNode.Parse(extras["spatial"])!["type"]!.GetValue<string>().ShouldBe("Point");
        extras["licenseAttributionByText"].ShouldBe("Stadt Musterstadt");
        extras["politicalGeocodingURI"].ShouldStartWith("http://dcat-ap.de/def/politicalGeocoding/regionalKey/");
        extras["access_level"].ShouldBe("public");
        var resource = package["resources"]![0]!;
        resource["package_id"]!.GetValue<string>().ShouldBe(package["id"]!.GetValue<string>());
        resource["format"]!.GetValue<string>().ShouldBe("CSV");
        resource["url_type"].ShouldBeNull();
        resource["datastore_active"]!.GetValue<bool>().ShouldBeFalse();
        resource["position"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Stewards_create_update_patch_and_delete_packages_and_others_get_403(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var steward = await ClientAsync(app, "data-steward");
        var body = new JsonObject
        {
            ["name"] = "ckan-baustellen",
            ["title"] = "Baustellen",
            ["notes"] = "Aktuelle Baustellen",
            ["owner_org"] = Org,
            ["private"] = false,
            ["license_id"] = "cc-by/4.0",
            ["maintainer"] = "Tiefbauamt",
            ["maintainer_email"] = "tiefbau@musterstadt.example",
            ["author"] = "Stadt Musterstadt",
            ["url"] = "https://www.musterstadt.example/baustellen",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "Bauen" }, new JsonObject { ["name"] = "Verkehr" }),
            ["groups"] = new JsonArray(new JsonObject { ["name"] = "ckan-mobilitaet" }),
            ["theme"] = new JsonArray("http://publications.europa.eu/resource/authority/data-theme/TRAN", "GOVE"),
            ["temporal_start"] = "2024-01-01",
            ["extras"] = new JsonArray(
                new JsonObject { ["key"] = "frequency", ["value"] = "http://publications.europa.eu/resource/authority/frequency/DAILY" },
                new JsonObject { ["key"] = "quelle", ["value"] = "Baustellenmanagement" }),
            ["resources"] = new JsonArray(new JsonObject { ["name"] = "Liste", ["url"] = "https://daten.musterstadt.example/baustellen.geojson", ["format"] = "GeoJSON" }),
        };

        foreach (var role in new[] { "staff", "citizen", "app" })
        {
            var denied = await (await ClientAsync(app, role)).CallAsync("package_create", body);
            denied.Status.ShouldBe(HttpStatusCode.Forbidden);
            denied.Error["__type"]!.GetValue<string>().ShouldBe("Authorization Error");
            denied.Error["message"]!.GetValue<string>().ShouldStartWith("Access denied");
        }

        (await app.AnonymousClient().CallAsync("package_delete", new { id = "ckan-radzaehlung" })).Status.ShouldBe(HttpStatusCode.Forbidden);

        var created = await steward.CallAsync("package_create", body);
        created.Status.ShouldBe(HttpStatusCode.OK, created.ToString());
        var package = created.Result;
        package["author"]!.GetValue<string>().ShouldBe("Stadt Musterstadt");
        var extras = package["extras"]!.AsArray().ToDictionary(e => e!["key"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        extras["quelle"].ShouldBe("Baustellenmanagement");
        extras["frequency"].ShouldEndWith("/DAILY");
        extras["temporal_start"].ShouldBe("2024-01-01");
        extras.ShouldNotContainKey("author");
        JsonNode.Parse(extras["theme"])!.AsArray().Count.ShouldBe(2);
        package["resources"]![0]!["format"]!.GetValue<string>().ShouldBe("GEOJSON");

        var duplicate = await steward.CallAsync("package_create", body);
        duplicate.Status.ShouldBe(HttpStatusCode.Conflict);
        duplicate.Error["__type"]!.GetValue<string>().ShouldBe("Validation Error");
        duplicate.Error["name"]!.AsArray().Count.ShouldBe(1);

        var invalid = await steward.CallAsync("package_create", new { name = "Nicht gültig", owner_org = "gibtsnicht", maintainer_email = "kein-mail", temporal_start = "gestern" });
        invalid.Status.ShouldBe(HttpStatusCode.Conflict);
        invalid.Error["temporal_start"].ShouldNotBeNull();
        var invalidStore = await steward.CallAsync("package_create", new { name = "Nicht gültig", owner_org = "gibtsnicht", maintainer_email = "kein-mail" });
        invalidStore.Error["name"].ShouldNotBeNull();
        invalidStore.Error["title"].ShouldNotBeNull();
        invalidStore.Error["maintainer_email"].ShouldNotBeNull();
        (await steward.CallAsync("package_create", "{\"name\": 5, \"tags\": {\"x\": 1}}")).Status.ShouldBe(HttpStatusCode.Conflict);

        // patch: only the given fields change
        var patched = (await steward.CallAsync("package_patch", new { id = "ckan-baustellen", title = "Baustellen 2025" })).Result;
        patched["title"]!.GetValue<string>().ShouldBe("Baustellen 2025");
        patched["notes"]!.GetValue<string>().ShouldBe("Aktuelle Baustellen");
        patched["tags"]!.AsArray().Count.ShouldBe(2);
        patched["resources"]!.AsArray().Count.ShouldBe(1);

        // update: a full replace of what is given; the resources (not given) stay
        var updated = (await steward.CallAsync("package_update", new { id = package["id"]!.GetValue<string>(), name = "ckan-baustellen", title = "Baustellen neu", owner_org = Org, @private = true })).Result;
        updated["title"]!.GetValue<string>().ShouldBe("Baustellen neu");
        updated["notes"].ShouldBeNull();
        updated["private"]!.GetValue<bool>().ShouldBeTrue();
        updated["tags"]!.AsArray().ShouldBeEmpty();
        updated["resources"]!.AsArray().Count.ShouldBe(1);
        (await app.AnonymousClient().CallAsync("package_show", new { id = "ckan-baustellen" })).Status.ShouldBe(HttpStatusCode.NotFound);

        var activity = (await steward.CallAsync("package_activity_list", new { id = "ckan-baustellen" })).Result.AsArray();
        activity.Select(a => a!["activity_type"]!.GetValue<string>()).ShouldBe(["changed package", "changed package", "new package"]);

        (await steward.CallAsync("package_delete", new { id = "ckan-baustellen" })).Result.ShouldBeNull();
        (await (await ClientAsync(app, "staff")).CallAsync("package_show", new { id = "ckan-baustellen" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await steward.CallAsync("package_show", new { id = "ckan-baustellen" })).Result["state"]!.GetValue<string>().ShouldBe("deleted");
        (await steward.CallAsync("package_delete", new { id = "gibt-es-nicht" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await steward.CallAsync("package_update", new { id = "gibt-es-nicht", title = "x" })).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Search_pages_kept_between_searches_follow_every_write_and_each_callers_rights(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var anonymous = app.AnonymousClient();
        var steward = await ClientAsync(app, "data-steward");
        async Task<JsonNode> FirstHitAsync(HttpClient client, string q) => (await client.CallAsync("package_search", new { q })).Result["results"]![0]!;

        // The same page for an outsider and then a steward: the restricted dataset's link only for the steward.
        (await FirstHitAsync(anonymous, "Parkhausbelegung"))["resources"]![0]!["url"]!.GetValue<string>().ShouldBeEmpty();
        (await FirstHitAsync(steward, "Parkhausbelegung"))["resources"]![0]!["url"]!.GetValue<string>()
            .ShouldBe("https://daten.musterstadt.example/ckan-marktplatz.csv");
        (await FirstHitAsync(anonymous, "Parkhausbelegung"))["resources"]![0]!["url"]!.GetValue<string>().ShouldBeEmpty();

        // A write that does not change which datasets match still shows in the next search's package.
        (await FirstHitAsync(anonymous, "Radzählstellen"))["resources"]!.AsArray().Count.ShouldBe(1);
        (await steward.CallAsync("resource_create", new { package_id = "ckan-radzaehlung", name = "Stationen", url = "https://daten.musterstadt.example/stationen.json", format = "JSON" }))
            .Status.ShouldBe(HttpStatusCode.OK);
        var after = await FirstHitAsync(anonymous, "Radzählstellen");
        after["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ShouldBe(["Daten", "Stationen"]);
        after["num_resources"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Resources_are_created_updated_patched_and_deleted_by_JSON(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var steward = await ClientAsync(app, "data-steward");

        var created = await steward.CallAsync("resource_create", new { package_id = "ckan-radzaehlung", name = "Stationen", url = "https://daten.musterstadt.example/stationen.json", format = "JSON", size = "120" });
        created.Status.ShouldBe(HttpStatusCode.OK, created.ToString());
        var id = created.Result["id"]!.GetValue<string>();
        created.Result["position"]!.GetValue<int>().ShouldBe(1);
        created.Result["size"]!.GetValue<long>().ShouldBe(120);

        var patched = (await steward.CallAsync("resource_patch", new { id, description = "Alle Zählstellen" })).Result;
        patched["name"]!.GetValue<string>().ShouldBe("Stationen");
        patched["description"]!.GetValue<string>().ShouldBe("Alle Zählstellen");

        var updated = (await steward.CallAsync("resource_update", new { id, name = "Stationen (neu)", url = "https://daten.musterstadt.example/stationen-neu.json" })).Result;
        updated["url"]!.GetValue<string>().ShouldBe("https://daten.musterstadt.example/stationen-neu.json");
        updated["description"]!.GetValue<string>().ShouldBeEmpty();

        var invalid = await steward.CallAsync("resource_create", new { package_id = "ckan-radzaehlung", url = "ftp://nicht-erlaubt" });
        invalid.Status.ShouldBe(HttpStatusCode.Conflict, invalid.ToString());
        invalid.Error["url"].ShouldNotBeNull();
        (await steward.CallAsync("resource_create", new { url = "https://x.example/a.csv" })).Error["package_id"].ShouldNotBeNull();
        (await steward.CallAsync("resource_show", new { id = "keine-uuid" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await (await ClientAsync(app, "staff")).CallAsync("resource_delete", new { id })).Status.ShouldBe(HttpStatusCode.Forbidden);

        (await steward.CallAsync("resource_delete", new { id })).Result.ShouldBeNull();
        (await steward.CallAsync("resource_show", new { id })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await steward.CallAsync("package_show", new { id = "ckan-radzaehlung" })).Result["num_resources"]!.GetValue<int>().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Organizations_groups_tags_and_licences_are_listed(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var client = app.AnonymousClient();
        var steward = await ClientAsync(app, "data-steward");

        (await client.CallAsync("organization_list")).Result.AsArray().Select(n => n!.GetValue<string>()).ShouldContain(Org);
        var shown = (await client.GetActionAsync($"/api/3/action/organization_show?id={Org}")).Result;
        shown["title"]!.GetValue<string>().ShouldBe("Tiefbauamt (CKAN-Test)");
        shown["is_organization"]!.GetValue<bool>().ShouldBeTrue();
        shown["packages"].ShouldBeNull();
        (await client.CallAsync("organization_show", new { id = "gibtsnicht" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.CallAsync("group_list")).Result.AsArray().Select(n => n!.GetValue<string>()).ShouldContain("ckan-mobilitaet");
        var groups = (await client.CallAsync("group_list", new { all_fields = true })).Result.AsArray();
        groups.Single(g => g!["name"]!.GetValue<string>() == "ckan-mobilitaet")!["package_count"]!.GetValue<int>().ShouldBe(2);
        (await client.CallAsync("tag_list", new { query = "rad" })).Result.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["Radverkehr"]);
        var licences = (await client.CallAsync("license_list")).Result.AsArray();
        licences.Select(l => l!["id"]!.GetValue<string>()).ShouldContain("dl-by-de/2.0");
        licences.Select(l => l!["id"]!.GetValue<string>()).ShouldContain("dl-zero-de/2.0");

        (await client.CallAsync("organization_create", new { name = "ckan-neu", title = "Neu" })).Status.ShouldBe(HttpStatusCode.Forbidden);
        var created = await steward.CallAsync("organization_create", new { name = "ckan-umwelt", title = "Umweltamt", description = "Luft und Wasser" });
        created.Result["name"]!.GetValue<string>().ShouldBe("ckan-umwelt");
        created.Result["package_count"]!.GetValue<int>().ShouldBe(0);
        var duplicate = await steward.CallAsync("organization_create", new { name = "ckan-umwelt", title = "Umweltamt" });
        duplicate.Status.ShouldBe(HttpStatusCode.Conflict);
        duplicate.Error["name"].ShouldNotBeNull();
        (await steward.CallAsync("organization_create", new { name = "X Y" })).Error["name"].ShouldNotBeNull();
        (await client.CallAsync("organization_list", new { sort = "quer" })).Error["sort"].ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task Form_encoded_requests_and_the_X_CKAN_API_Key_header_work(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var token = await app.CreateTokenAsync("demo", "data-steward");
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-CKAN-API-Key", token);

        using var form = new FormUrlEncodedContent([KeyValuePair.Create("name", "ckan-formular"), KeyValuePair.Create("title", "Per Formular"), KeyValuePair.Create("owner_org", Org)]);
        var created = await ReadAsync(await client.PostAsync(new Uri("/api/3/action/package_create", UriKind.Relative), form, Ct));
        using var jsonAsFormKey = new StringContent(Uri.EscapeDataString("{\"id\": \"ckan-formular\"}") + "=1", Encoding.UTF8, "application/x-www-form-urlencoded");
        var shownByKey = await ReadAsync(await client.PostAsync(new Uri("/api/3/action/package_show", UriKind.Relative), jsonAsFormKey, Ct));

        created.Status.ShouldBe(HttpStatusCode.OK, created.ToString());
        created.Result["title"]!.GetValue<string>().ShouldBe("Per Formular");
        shownByKey.Result["name"]!.GetValue<string>().ShouldBe("ckan-formular");

        var wrongKey = app.AnonymousClient();
        wrongKey.DefaultRequestHeaders.Add("X-CKAN-API-Key", "stk_falsch");
        (await wrongKey.CallAsync("package_delete", new { id = "ckan-formular" })).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task The_API_serves_each_tenant_under_its_prefix(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);

        var reply = await app.AnonymousClient().GetActionAsync("/t/demo/api/3/action/package_show?id=ckan-radzaehlung");

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Body!["help"]!.GetValue<string>().ShouldContain("/t/demo/api/3/action/help_show");
        (await app.AnonymousClient().GetActionAsync("/api/3/action/package_show?id=")).Error["id"].ShouldNotBeNull();
    }
}
