export async function start(ctx) { ctx.skip('start', 'not yet'); }
