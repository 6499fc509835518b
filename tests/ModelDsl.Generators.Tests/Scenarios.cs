namespace ModelDsl.Generators.Tests;

/// <summary>The schemas and CSV files the golden, compile and caching tests share.</summary>
internal static class Scenarios
{
    public const string CitiesCsv = """
        city,year,inno,cbec,ln_pop,ln_gdp,infra,region,province
        A,2010,1.5,0,3.1,4.2,0.5,3,Hubei
        A,2011,1.7,1,3.2,4.3,0.6,3,Hubei
        B,2010,0.9,0,2.8,3.9,0.4,1,Hunan
        B,2011,1.1,0,2.9,4.0,NA,1,Hunan
        """;

    public const string CitiesSource = """
        using ModelDsl;

        System.Console.WriteLine(Cities.Regress(Cities.Inno).On(Cities.Cbec).Fe(Cities.Region, Cities.Province));

        [Panel("cities.csv", Unit = "city", Time = "year", Categorical = new[] { "region" })]
        partial class Cities;
        """;

    public const string FirmsCsv = """
        id,size,ln sales,2nd_owner,industry,Load
        F01,10,2.5,1,retail,3
        F02,12,2.9,0,mining,4
        """;

    public const string FirmsSource = """
        using ModelDsl;

        System.Console.WriteLine(Firms.Regress(Firms.Size).On(Firms.LnSales, Firms._2ndOwner).Fe(Firms.Industry));

        [Dataset("firms.csv")]
        partial class Firms;
        """;

    public const string RecordSource = """
        using ModelDsl;
        using static CityYear.Columns;

        System.Console.WriteLine(Regress(Inno).On(Cbec).Fe(City, Area, Coastal));

        [Panel("panel.csv", Unit = nameof(City), Time = nameof(Year))]
        partial record CityYear(string City, int Year, double Inno, double? Cbec, bool Coastal, Region Area);

        enum Region
        {
            East,
            West,
        }
        """;

    public const string NestedSource = """
        using ModelDsl;

        System.Console.WriteLine(Studies.Innovation.Paper.Cities.Lag(Studies.Innovation.Paper.Cities.Inno, 2));

        namespace Studies.Innovation
        {
            partial class Paper
            {
                [Panel("data/cities.csv", Unit = "city", Time = "year")]
                internal partial class Cities;
            }
        }
        """;
}
