export async function storm(ctx) { ctx.skip('storm', 'not yet'); }
