export async function million(ctx) { ctx.skip('million', 'not yet'); }
