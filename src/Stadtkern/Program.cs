var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "hi");
app.Run();
public partial class Program;
