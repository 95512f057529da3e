/** What a template or saved reply could not fill in ({promo} with no value…), listed under the text it went into. */
export function TemplateProblems({ problems, title, testId }: { problems: { variable: string; message: string }[]; title: string; testId: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="notice notice--warning" role="alert" data-testid={testId}>
      <p>{title}</p>
      <ul>
        {problems.map((p) => (
          <li key={p.variable}>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}
